package dev.chaosharness.harness.probe;

import dev.chaosharness.faultproxy.api.ObservationsPage;
import dev.chaosharness.faultproxy.api.ObservedExchange;
import dev.chaosharness.faultproxy.observe.HttpExchange;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import dev.chaosharness.harness.spec.WireHeaders;
import dev.chaosharness.harness.system.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What crossed the system's HTTP links, as the fault proxy saw it (fault-proxy's observation
 * extension, the same control API on every runtime). Once the environment is ready, before the
 * warm-up, it asks the proxy to observe each HTTP link with the declared {@code checks.wire-headers}
 * (the proxy follows a connection accepted after that, so one a service opened to a downstream while
 * it started is not seen); while the load runs it reads the proxy's numbered exchanges every second
 * (the proxy keeps only its latest 200,000, so a long run read once at the end would lose its start);
 * after the drain, or an interrupted load, it reads the rest and records each link's unparsed count.
 * An attached team's proxy is then left as it was found: observation off again.
 * The real Toxiproxy answers 404: one probe gap says so, and the wire-based checks say UNKNOWN.
 */
public final class WireProbe implements Probe {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    private static final String PROBE = "wire";
    private static final String SUBJECT = "fault-proxy";

    private final Environment environment;
    private final RunHistory history;
    private final WireHeaders headers;
    private final Thread thread;
    private FaultProxyClient proxy;
    private final List<String> observedProxies = new ArrayList<>();
    /** Observations numbered up to this were read (or were there before this run). */
    private long readUpTo;
    /** Each proxy's unparsed count when this run began: a shared environment's proxy counts across runs. */
    private Map<String, Long> unparsedBefore = Map.of();
    private long droppedBefore;
    private boolean unreadable;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public WireProbe(ProbeContext run) {
        this.environment = run.environment();
        this.history = run.history();
        this.headers = run.wireHeaders();
        this.thread = new Thread(this::pollLoop, "wire-probe");
        thread.setDaemon(true);
    }

    /** The proxy's last page: its number is the latest observation's (0 on a fresh proxy, more on a shared or attached one). */
    private Optional<ObservationsPage> latest() {
        long after = 0;
        while (true) {
            Optional<ObservationsPage> page = page(after);
            if (page.isEmpty() || page.get().exchanges().isEmpty() || page.get().next() <= after) {
                return page;
            }
            after = page.get().next();
        }
    }

    @Override
    public void verify() {
        List<String> httpLinks = Topology.calls(environment.system()).stream().filter(Topology.Call::http)
                .map(Topology.Call::link).filter(environment.links()::contains).distinct().toList();
        if (httpLinks.isEmpty()) {
            return;
        }
        proxy = environment.faultProxy().client();
        Optional<ObservationsPage> last = latest();
        readUpTo = last.map(ObservationsPage::next).orElse(0L);
        unparsedBefore = last.map(ObservationsPage::unparsed).orElse(Map.of());
        droppedBefore = last.map(ObservationsPage::dropped).orElse(0L);
        for (String link : httpLinks) {
            try {
                proxy.observe(environment.proxyName(link), headers.observeSettings());
            } catch (IOException e) {
                gap("the fault proxy does not observe HTTP (" + (e instanceof FaultProxyClient.Refused refused
                        ? "HTTP " + refused.status() : "no answer") + " to its observe extension; the real Toxiproxy has "
                        + "none): checks that judge the wire have no data");
                stopObserving();
                proxy = null;
                return;
            }
            observedProxies.add(environment.proxyName(link));
        }
    }

    @Override
    public void startWatching() {
        if (proxy != null) {
            thread.start();
        }
    }

    /** Not interrupted to stop: an interrupt inside a read would look like a proxy that stopped answering. */
    private void pollLoop() {
        try {
            do {
                readNew(false);
            } while (!stopped.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After the drain (or an interrupted load): the rest of the exchanges, what could not be parsed,
     * and the proxies left as they were found.
     */
    @Override
    public void stopWatching() {
        stopped.countDown();
        if (thread.isAlive()) {
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (proxy == null) {
            return;
        }
        try {
            readNew(true).ifPresent(page -> {
                recordUnparsed(page.unparsed());
                long dropped = page.dropped() - droppedBefore;
                if (dropped > 0) {
                    gap(dropped + " exchanges were dropped by the fault proxy before they were read");
                }
            });
        } finally {
            stopObservingAnAttachedProxy();
        }
    }

    /** A run interrupted before its load began (in the warm-up) did not stop watching. */
    @Override
    public void readAfterEnvironment() {
        stopObservingAnAttachedProxy();
    }

    /**
     * The proxy the harness started keeps observing until it is removed: a shared environment's next
     * run reuses the services' open connections, and the proxy observes a connection only if it
     * observed its link when the connection was accepted.
     */
    private void stopObservingAnAttachedProxy() {
        if (proxy != null && !environment.ownsFaultProxy()) {
            stopObserving();
        }
    }

    /**
     * Every exchange numbered after the last read one, into the history; the last page read, if the
     * proxy answered. A read that fails during the load is tried again a second later; the last one
     * that fails is a probe gap.
     */
    private synchronized Optional<ObservationsPage> readNew(boolean last) {
        while (!unreadable) {
            Optional<ObservationsPage> read = page(readUpTo);
            if (read.isEmpty()) {
                if (last) {
                    unreadable = true;
                    gap("could not read the fault proxy's observations after #" + readUpTo);
                }
                return Optional.empty();
            }
            ObservationsPage page = read.get();
            for (ObservedExchange observed : page.exchanges()) {
                HttpExchange exchange = observed.exchange();
                environment.linkOfProxy(exchange.link()).ifPresent(link -> history.append(event(exchange, link)));
            }
            if (page.exchanges().isEmpty() || page.next() <= readUpTo) {
                return read;
            }
            readUpTo = page.next();
        }
        return Optional.empty();
    }

    static HistoryEvent.HttpExchangeObserved event(HttpExchange e, String link) {
        return new HistoryEvent.HttpExchangeObserved(e.answered() ? e.responseAtMs() : e.requestAtMs(), link,
                e.method(), e.target(), e.budgetHeader(), e.budgetMs(), e.correlationId(), e.requestAtMs(),
                e.responseAtMs(), e.status());
    }

    /** One event per link whose bytes could not all be followed during this run. */
    private void recordUnparsed(Map<String, Long> unparsedByProxy) {
        long now = System.currentTimeMillis();
        new TreeMap<>(unparsedByProxy).forEach((proxyName, count) -> {
            long thisRun = count - unparsedBefore.getOrDefault(proxyName, 0L);
            Optional<String> link = environment.linkOfProxy(proxyName);
            if (thisRun > 0 && link.isPresent()) {
                history.append(new HistoryEvent.WireUnparsed(now, link.get(), thisRun));
            }
        });
    }

    private void stopObserving() {
        for (String proxyName : observedProxies) {
            try {
                proxy.stopObserving(proxyName);
            } catch (IOException e) {
                gap("could not stop observing " + proxyName + ": " + e.getMessage());
            }
        }
        observedProxies.clear();
    }

    private Optional<ObservationsPage> page(long after) {
        try {
            return Optional.of(proxy.observations(after));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void gap(String reason) {
        history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), PROBE, SUBJECT, reason));
    }
}
