package dev.chaosharness.faultproxy.observe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every exchange the proxy observed, numbered, for whoever reads them: listeners in the same JVM
 * get each at once; the control API's {@code GET /observations?after=N} pages through the last
 * {@value #KEPT} (older ones are dropped and counted), so memory stays bounded however long the run.
 */
public final class ObservationLog implements HttpExchangeObserver.Sink {

    static final int KEPT = 200_000;

    /** One numbered exchange. */
    public record Numbered(long seq, HttpExchange exchange) {
    }

    /** Exchanges after a number, the next number to ask for, and what could not be parsed or was dropped. */
    public record Page(List<Numbered> exchanges, long next, Map<String, Long> unparsedByLink, long dropped) {
    }

    private final ArrayDeque<Numbered> kept = new ArrayDeque<>();
    private final Map<String, Long> unparsed = new TreeMap<>();
    private final List<Consumer<HttpExchange>> listeners = new CopyOnWriteArrayList<>();
    private long nextSeq = 1;
    private long dropped;

    public void addListener(Consumer<HttpExchange> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<HttpExchange> listener) {
        listeners.remove(listener);
    }

    @Override
    public void exchange(HttpExchange exchange) {
        synchronized (this) {
            kept.addLast(new Numbered(nextSeq++, exchange));
            if (kept.size() > KEPT) {
                kept.removeFirst();
                dropped++;
            }
        }
        for (Consumer<HttpExchange> listener : listeners) {
            try {
                listener.accept(exchange);
            } catch (RuntimeException e) {
                // a listener runs on the data plane's loop: its failure must not close the connection it observed
                System.err.println("fault-proxy: an observation listener failed: " + e);
            }
        }
    }

    @Override
    public synchronized void unparsed(String link, String reason) {
        unparsed.merge(link, 1L, Long::sum);
    }

    /** At most {@code limit} exchanges numbered above {@code after}. */
    public synchronized Page after(long after, int limit) {
        List<Numbered> page = new ArrayList<>();
        for (Numbered numbered : kept) {
            if (numbered.seq() > after && page.size() < limit) {
                page.add(numbered);
            }
        }
        long next = page.isEmpty() ? Math.max(after, nextSeq - 1) : page.get(page.size() - 1).seq();
        return new Page(page, next, new TreeMap<>(unparsed), dropped);
    }

    public synchronized Map<String, Long> unparsedByLink() {
        return new TreeMap<>(unparsed);
    }
}
