package dev.chaosharness.harness.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.faultproxy.observe.HttpExchange;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault-proxy image's observation extension, over its control API: ask it to observe the HTTP
 * links, and read what it saw before it is removed. The real Toxiproxy answers 404: that is
 * recorded as a probe gap, so the wire-based checks say UNKNOWN with the reason.
 */
public final class RemoteWireObservations {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI control;
    private final HistorySink history;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private boolean observing;
    private final Map<String, String> linkOfProxy;
    /** Observations numbered up to this were there before the run. */
    private long before;

    public RemoteWireObservations(URI control, HistorySink history) {
        this(control, history, Map.of());
    }

    /**
     * On a fault proxy the harness did not start (attached): {@code linkOfProxy} names the link each
     * observed proxy carries, and exchanges of any other proxy are not this run's.
     */
    public RemoteWireObservations(URI control, HistorySink history, Map<String, String> linkOfProxy) {
        this.control = control;
        this.history = history;
        this.linkOfProxy = Map.copyOf(linkOfProxy);
    }

    /** Asks the proxy to observe each link (by its proxy's name); false (and a probe gap) when it cannot. */
    public boolean observe(List<String> httpLinks, WireHeaders headers) {
        String body;
        try {
            body = MAPPER.writeValueAsString(headers.observeRequest());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the observe request: " + e.getMessage(), e);
        }
        for (String link : httpLinks) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(control.resolve("/proxies/"
                    + URLEncoder.encode(link, StandardCharsets.UTF_8).replace("+", "%20") + "/observe"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (response == null || response.statusCode() != 200) {
                history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                        "the fault proxy does not observe HTTP (" + (response == null ? "no answer"
                                : "HTTP " + response.statusCode()) + " to its observe extension; the real Toxiproxy has "
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
            HttpResponse<String> response = send(HttpRequest.newBuilder(control.resolve("/observations?after=" + after)).GET());
            JsonNode page = response == null || response.statusCode() != 200 ? null : read(response.body());
            long next = page == null ? after : page.path("next").asLong(after);
            if (page == null || page.path("exchanges").isEmpty() || next <= after) {
                return after;
            }
            after = next;
        }
    }

    /** Stops observing the proxies (on an attached system: what the harness turned on, it turns off). */
    public void stopObserving(List<String> httpLinks) {
        for (String link : httpLinks) {
            send(HttpRequest.newBuilder(control.resolve("/proxies/"
                    + URLEncoder.encode(link, StandardCharsets.UTF_8).replace("+", "%20") + "/observe")).DELETE());
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
            HttpResponse<String> response = send(HttpRequest.newBuilder(control.resolve("/observations?after=" + after)).GET());
            if (response == null || response.statusCode() != 200) {
                history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                        "could not read the fault proxy's observations after #" + after));
                return;
            }
            JsonNode page = read(response.body());
            for (JsonNode e : page.path("exchanges")) {
                HttpExchange exchange = exchange(e);
                if (linkOfProxy.isEmpty()) {
                    history.append(WireObservations.event(exchange));
                } else if (linkOfProxy.containsKey(exchange.link())) {
                    history.append(WireObservations.event(exchange.onLink(linkOfProxy.get(exchange.link()))));
                }
            }
            long next = page.path("next").asLong(after);
            if (page.path("exchanges").isEmpty() || next <= after) {
                recordUnparsed(page.path("unparsed"), page.path("dropped").asLong());
                return;
            }
            after = next;
        }
    }

    private void recordUnparsed(JsonNode unparsed, long dropped) {
        Map<String, Long> counts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = unparsed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            counts.put(entry.getKey(), entry.getValue().asLong());
        }
        WireObservations.recordUnparsed(counts, history);
        if (dropped > 0) {
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "wire", "fault-proxy",
                    dropped + " exchanges were dropped by the fault proxy before they were read"));
        }
    }

    /** The control API's JSON, as the exchange the embedded proxy would have handed over. */
    private static HttpExchange exchange(JsonNode e) {
        return new HttpExchange(e.path("link").asText(), e.path("method").asText(), e.path("target").asText(),
                text(e, "budget_header"), text(e, "budget_value"), text(e, "correlation_header"),
                text(e, "correlation_id"), e.path("request_at_ms").asLong(), e.path("response_at_ms").asLong(),
                e.path("status").asInt());
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isNull() || node.path(field).isMissingNode() ? null : node.path(field).asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode read(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
