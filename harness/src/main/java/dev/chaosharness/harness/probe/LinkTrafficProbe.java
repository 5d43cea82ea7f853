package dev.chaosharness.harness.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Samples the fault proxy's traffic counts ({@code GET /traffic}, fault-proxy's extension) every
 * second while the load runs, and once more at the end: each link's connections, bytes each way and
 * resets, whatever protocol it carries. A sample is written only for a link whose counts changed.
 * The real Toxiproxy has no such counts: one probe gap says so, and the probe stops.
 */
public final class LinkTrafficProbe implements Probe {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbeContext run;
    private URI traffic;
    private final RunHistory history;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
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
        Environment.FaultProxyAddress proxy = run.environment().faultProxy();
        traffic = URI.create("http://" + proxy.host() + ":" + proxy.port() + "/traffic");
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
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(traffic).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return; // the next sample may get through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (response.statusCode() == 404) {
            unsupported = true;
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "link-traffic", "fault-proxy",
                    "the fault proxy keeps no traffic counts (404 to GET /traffic, fault-proxy's extension; the real "
                            + "Toxiproxy has none): links' connections, bytes and resets are not recorded"));
            return;
        }
        if (response.statusCode() != 200) {
            return;
        }
        record(response.body());
    }

    private void record(String body) {
        long now = System.currentTimeMillis();
        JsonNode links;
        try {
            links = JSON.readTree(body);
        } catch (IOException e) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = links.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> proxy = it.next();
            // an attached fault proxy may carry other proxies than this system's links
            String link = run.environment().linkOfProxy(proxy.getKey()).orElse(null);
            if (link == null) {
                continue;
            }
            JsonNode c = proxy.getValue();
            HistoryEvent.LinkTrafficObserved observed = new HistoryEvent.LinkTrafficObserved(now, link,
                    c.path("accepted").asLong(), c.path("open").asLong(), c.path("dial_failures").asLong(),
                    c.path("bytes_upstream").asLong(), c.path("bytes_downstream").asLong(), c.path("resets").asLong());
            HistoryEvent.LinkTrafficObserved previous = last.put(link, observed);
            if (previous == null || !previous.sameCounts(observed)) {
                history.append(observed);
            }
        }
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
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
