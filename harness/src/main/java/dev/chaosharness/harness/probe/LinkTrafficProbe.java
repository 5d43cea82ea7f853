package dev.chaosharness.harness.probe;

import dev.chaosharness.faultproxy.LinkTraffic;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;

/**
 * Samples the fault proxy's traffic counts ({@code GET /traffic}, fault-proxy's extension) every
 * second while the load runs, and once more at the end: each link's connections, bytes each way and
 * resets, whatever protocol it carries. A sample is written only for a link whose counts changed.
 * The real Toxiproxy has no such counts: one probe gap says so, and the probe stops.
 */
public final class LinkTrafficProbe implements Probe {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final ProbeContext run;
    private FaultProxyClient proxy;
    private final RunHistory history;
    private final Map<String, HistoryEvent.LinkTrafficObserved> last = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean unsupported;
    private boolean started;

    public LinkTrafficProbe(ProbeContext run) {
        this.run = run;
        this.history = run.history();
        this.thread = new Thread(this::pollLoop, "link-traffic-probe");
        thread.setDaemon(true);
    }

    @Override
    public void startWatching() {
        proxy = run.environment().faultProxy().client();
        started = true;
        thread.start();
    }

    private void pollLoop() {
        while (running && !unsupported) {
            sample();
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        if (unsupported) {
            return;
        }
        Optional<Map<String, LinkTraffic.Counts>> counts;
        try {
            counts = proxy.traffic();
        } catch (IOException e) {
            return; // the next sample may get through
        }
        if (counts.isEmpty()) {
            unsupported = true;
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "link-traffic", "fault-proxy",
                    "the fault proxy keeps no traffic counts (404 to GET /traffic, fault-proxy's extension; the real "
                            + "Toxiproxy has none): links' connections, bytes and resets are not recorded"));
            return;
        }
        record(counts.get());
    }

    private void record(Map<String, LinkTraffic.Counts> byProxy) {
        long now = System.currentTimeMillis();
        byProxy.forEach((proxyName, c) -> {
            // an attached fault proxy may carry other proxies than this system's links
            run.environment().linkOfProxy(proxyName).ifPresent(link -> {
                HistoryEvent.LinkTrafficObserved observed = new HistoryEvent.LinkTrafficObserved(now, link,
                        c.accepted(), c.open(), c.dialFailures(), c.bytesUpstream(), c.bytesDownstream(), c.resets());
                HistoryEvent.LinkTrafficObserved previous = last.put(link, observed);
                if (previous == null || !previous.sameCounts(observed)) {
                    history.append(observed);
                }
            });
        });
    }

    /** One last sample, then the probe stops. */
    @Override
    public void stopWatching() {
        if (!started) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
