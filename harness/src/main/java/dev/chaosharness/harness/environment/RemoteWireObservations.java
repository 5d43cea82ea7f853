package dev.chaosharness.harness.environment;

import dev.chaosharness.faultproxy.api.ObservationsPage;
import dev.chaosharness.faultproxy.api.ObservedExchange;
import dev.chaosharness.faultproxy.observe.HttpExchange;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fault-proxy image's observation extension, over its control API: ask it to observe the HTTP
 * links, and read what it saw before it is removed. The real Toxiproxy answers 404: that is
 * recorded as a probe gap, so the wire-based checks say UNKNOWN with the reason.
 */
public final class RemoteWireObservations {

    private final FaultProxyClient client;
    private final HistorySink history;
    private boolean observing;
    private final Map<String, String> linkOfProxy;
    /** Observations numbered up to this were there before the run. */
    private long before;

    public RemoteWireObservations(FaultProxyClient client, HistorySink history) {
        this(client, history, Map.of());
    }

    /**
     * On a fault proxy the harness did not start (attached): {@code linkOfProxy} names the link each
     * observed proxy carries, and exchanges of any other proxy are not this run's.
     */
    public RemoteWireObservations(FaultProxyClient client, HistorySink history, Map<String, String> linkOfProxy) {
        this.client = client;
        this.history = history;
        this.linkOfProxy = Map.copyOf(linkOfProxy);
    }

    /** Asks the proxy to observe each link (by its proxy's name); false (and a probe gap) when it cannot. */
    public boolean observe(List<String> httpLinks, WireHeaders headers) {
        for (String link : httpLinks) {
            try {
                client.observe(link, headers.observeSettings());
            } catch (IOException e) {
                history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                        "the fault proxy does not observe HTTP (" + (e instanceof FaultProxyClient.Refused refused
                                ? "HTTP " + refused.status() : "no answer") + " to its observe extension; the real Toxiproxy has "
                                + "none): checks that judge the wire have no data"));
                return false;
            }
        }
        observing = !httpLinks.isEmpty();
        before = observing ? lastNumber() : 0;
        return true;
    }

    /** The number of the proxy's latest observation: 0 on a proxy the harness started, maybe more on one it attached to. */
    private long lastNumber() {
        long after = 0;
        while (true) {
            Optional<ObservationsPage> page = page(after);
            long next = page.map(ObservationsPage::next).orElse(after);
            if (page.isEmpty() || page.get().exchanges().isEmpty() || next <= after) {
                return after;
            }
            after = next;
        }
    }

    /** Stops observing the proxies (on an attached system: what the harness turned on, it turns off). */
    public void stopObserving(List<String> httpLinks) {
        for (String link : httpLinks) {
            try {
                client.stopObserving(link);
            } catch (IOException e) {
                history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                        "could not stop observing " + link + ": " + e.getMessage()));
            }
        }
        observing = false;
    }

    /** Every exchange the proxy kept, into the history, then what it could not parse. */
    public void collect() {
        if (!observing) {
            return;
        }
        long after = before;
        while (true) {
            Optional<ObservationsPage> read = page(after);
            if (read.isEmpty()) {
                history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                        "could not read the fault proxy's observations after #" + after));
                return;
            }
            ObservationsPage page = read.get();
            for (ObservedExchange observed : page.exchanges()) {
                HttpExchange exchange = observed.exchange();
                if (linkOfProxy.isEmpty()) {
                    history.append(WireObservations.event(exchange));
                } else if (linkOfProxy.containsKey(exchange.link())) {
                    history.append(WireObservations.event(exchange.onLink(linkOfProxy.get(exchange.link()))));
                }
            }
            if (page.exchanges().isEmpty() || page.next() <= after) {
                recordUnparsed(page.unparsed(), page.dropped());
                return;
            }
            after = page.next();
        }
    }

    private void recordUnparsed(Map<String, Long> unparsed, long dropped) {
        WireObservations.recordUnparsed(new TreeMap<>(unparsed), history);
        if (dropped > 0) {
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                    dropped + " exchanges were dropped by the fault proxy before they were read"));
        }
    }

    private Optional<ObservationsPage> page(long after) {
        try {
            return Optional.of(client.observations(after));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
