package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosharness.faultproxy.http.HttpRequest;
import dev.chaosharness.faultproxy.http.HttpResponse;
import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.faultproxy.toxic.ToxicTypes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/** The Toxiproxy v2 HTTP API: routing, request parsing and responses, as {@code toxiproxy-api.md} specifies. */
final class ControlApi implements Function<HttpRequest, HttpResponse> {

    /** Says that an HTTP toxic switched HTTP observation on for its proxy (fault-proxy's extension). */
    static final String OBSERVATION_HEADER = "X-Fault-Proxy-Observation";

    private final ProxyRegistry registry;
    private final String version;
    private static final int OBSERVATIONS_PAGE = 5_000;

    private final AtomicLong requestIds = new AtomicLong();

    ControlApi(ProxyRegistry registry, String version) {
        this.registry = registry;
        this.version = version;
    }

    @Override
    public HttpResponse apply(HttpRequest request) {
        return answer(request).withHeader("X-Toxiproxy-Request-Id", Long.toString(requestIds.incrementAndGet()));
    }

    private HttpResponse answer(HttpRequest request) {
        if (request.header("User-Agent").filter(agent -> agent.startsWith("Mozilla/")).isPresent()) {
            return HttpResponse.text(403, "User agent not allowed\n");
        }
        try {
            return route(segments(request.rawPath()), request.rawPath(), request.method(), request.body());
        } catch (ApiException e) {
            return json(e.status(), Json.error(e.getMessage(), e.status()));
        } catch (RuntimeException e) {
            return json(500, Json.error(String.valueOf(e.getMessage()), 500));
        }
    }

    private HttpResponse route(List<String> path, String rawPath, String method, byte[] body) {
        if (path.size() == 1 && path.get(0).equals("version")) {
            return only(method, Set.of("GET"), () -> json(200, versionBody()));
        }
        if (path.size() == 1 && path.get(0).equals("reset")) {
            return only(method, Set.of("POST"), () -> {
                registry.reset();
                return HttpResponse.empty(204);
            });
        }
        if (path.size() == 1 && path.get(0).equals("populate")) {
            return only(method, Set.of("POST"), () -> populate(body));
        }
        if (path.size() == 1 && path.get(0).equals("proxies")) {
            if (method.equals("GET")) {
                ObjectNode all = Json.MAPPER.createObjectNode();
                registry.all().forEach(p -> all.set(p.name(), Json.proxy(p)));
                return json(200, all);
            }
            return only(method, Set.of("POST"), () -> createProxy(body));
        }
        if (path.size() == 2 && path.get(0).equals("proxies")) {
            return proxyRoute(path.get(1), method, body);
        }
        if (path.size() == 3 && path.get(0).equals("proxies") && path.get(2).equals("toxics")) {
            Proxy proxy = registry.get(path.get(1));
            if (method.equals("GET")) {
                ArrayNode toxics = Json.MAPPER.createArrayNode();
                proxy.allToxics().forEach(t -> toxics.add(Json.toxic(t)));
                return json(200, toxics);
            }
            return only(method, Set.of("POST"), () -> {
                boolean observing = proxy.observedHttp().isPresent();
                HttpResponse created = json(200, Json.toxic(addToxic(proxy, body)));
                return observing || proxy.observedHttp().isEmpty() ? created
                        : created.withHeader(OBSERVATION_HEADER, "http; switched on by this toxic for connections accepted from now on");
            });
        }
        if (path.size() == 3 && path.get(0).equals("proxies") && path.get(2).equals("observe")) {
            return observeRoute(registry.get(path.get(1)), method, body);
        }
        if (path.size() == 1 && path.get(0).equals("traffic")) {
            return only(method, Set.of("GET"), () -> json(200, traffic()));
        }
        if (path.size() == 1 && path.get(0).equals("observations")) {
            return only(method, Set.of("GET"), () -> json(200, Json.observations(
                    registry.observations().after(queryLong(rawPath, "after", 0), OBSERVATIONS_PAGE))));
        }
        if (path.size() == 4 && path.get(0).equals("proxies") && path.get(2).equals("toxics")) {
            return toxicRoute(registry.get(path.get(1)), path.get(3), method, body);
        }
        return HttpResponse.text(404, "404 page not found\n");
    }

    private HttpResponse proxyRoute(String name, String method, byte[] body) {
        switch (method) {
            case "GET" -> {
                return json(200, Json.proxy(registry.get(name)));
            }
            case "POST", "PATCH" -> {
                Proxy proxy = registry.get(name);
                JsonNode update = Json.parse(body);
                proxy.update(Json.text(update, "listen"), Json.text(update, "upstream"), Json.bool(update, "enabled"));
                return json(200, Json.proxy(proxy));
            }
            case "DELETE" -> {
                registry.delete(name);
                return HttpResponse.empty(204);
            }
            default -> {
                return HttpResponse.empty(405);
            }
        }
    }

    /**
     * Extension (not in Toxiproxy): {@code GET /traffic}, each proxy's connections, bytes and resets
     * since it was created, by name: {@code {"<name>": {"accepted", "open", "dial_failures",
     * "bytes_upstream", "bytes_downstream", "resets"}}}.
     */
    private ObjectNode traffic() {
        ObjectNode all = Json.MAPPER.createObjectNode();
        for (Proxy proxy : registry.all()) {
            all.set(proxy.name(), Json.MAPPER.valueToTree(proxy.traffic()));
        }
        return all;
    }

    /**
     * Extension (not in Toxiproxy): {@code POST /proxies/{name}/observe} with
     * {@code {"protocol":"http","budget_headers":[...],"correlation_headers":[...]}} observes the
     * HTTP/1.1 exchanges of the proxy's new connections; {@code DELETE} stops it.
     */
    private HttpResponse observeRoute(Proxy proxy, String method, byte[] body) {
        switch (method) {
            case "POST" -> {
                JsonNode request = Json.parse(body);
                String protocol = Json.text(request, "protocol").orElse("http");
                if (!protocol.equals("http")) {
                    throw new ApiException(400, "protocol can only be http");
                }
                ObservedHeaders headers = new ObservedHeaders(
                        Json.strings(request, "budget_headers").orElse(ObservedHeaders.DEFAULT.budgetHeaders()),
                        Json.strings(request, "correlation_headers").orElse(ObservedHeaders.DEFAULT.correlationHeaders()));
                proxy.observeHttp(headers);
                return json(200, Json.observing(proxy.name(), headers));
            }
            case "DELETE" -> {
                proxy.stopObserving();
                return HttpResponse.empty(204);
            }
            default -> {
                return HttpResponse.empty(405);
            }
        }
    }

    private static long queryLong(String rawPath, String name, long otherwise) {
        int query = rawPath.indexOf('?');
        if (query < 0) {
            return otherwise;
        }
        for (String pair : rawPath.substring(query + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                try {
                    return Long.parseLong(pair.substring(name.length() + 1));
                } catch (NumberFormatException e) {
                    throw new ApiException(400, name + " must be a whole number");
                }
            }
        }
        return otherwise;
    }

    private HttpResponse toxicRoute(Proxy proxy, String toxicName, String method, byte[] body) {
        switch (method) {
            case "GET" -> {
                return json(200, Json.toxic(proxy.findToxic(toxicName).orElseThrow(ApiException::toxicNotFound)));
            }
            case "POST", "PATCH" -> {
                ToxicInstance existing = proxy.findToxic(toxicName).orElseThrow(ApiException::toxicNotFound);
                JsonNode update = Json.parse(body);
                Double toxicity = Json.number(update, "toxicity").map(ControlApi::checkToxicity).orElse(null);
                return json(200, Json.toxic(proxy.updateToxic(toxicName, Json.attributes(update, existing.toxic()), toxicity)));
            }
            case "DELETE" -> {
                proxy.removeToxic(toxicName);
                return HttpResponse.empty(204);
            }
            default -> {
                return HttpResponse.empty(405);
            }
        }
    }

    private HttpResponse createProxy(byte[] body) {
        JsonNode request = Json.parse(body);
        String name = Json.text(request, "name").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new ApiException(400, "missing required field: name"));
        String upstream = Json.text(request, "upstream").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new ApiException(400, "missing required field: upstream"));
        String listen = Json.text(request, "listen").orElse("127.0.0.1:0");
        boolean enabled = Json.bool(request, "enabled").orElse(true);
        return json(201, Json.proxy(registry.create(name, listen, upstream, enabled)));
    }

    private HttpResponse populate(byte[] body) {
        JsonNode request = Json.parse(body);
        if (!request.isArray()) {
            throw ApiException.badBody("json: cannot unmarshal object into value of type []proxy");
        }
        List<JsonNode> entries = new ArrayList<>();
        request.forEach(entries::add);
        for (int i = 0; i < entries.size(); i++) {
            if (Json.text(entries.get(i), "name").filter(s -> !s.isEmpty()).isEmpty()) {
                throw new ApiException(400, "missing required field: name at proxy " + (i + 1));
            }
            if (Json.text(entries.get(i), "upstream").filter(s -> !s.isEmpty()).isEmpty()) {
                throw new ApiException(400, "missing required field: upstream at proxy " + (i + 1));
            }
        }
        ArrayNode done = Json.MAPPER.createArrayNode();
        for (JsonNode entry : entries) {
            try {
                Proxy proxy = registry.createOrReplace(Json.text(entry, "name").orElseThrow(),
                        Json.text(entry, "listen").orElse("127.0.0.1:0"),
                        Json.text(entry, "upstream").orElseThrow(),
                        Json.bool(entry, "enabled").orElse(true));
                done.add(Json.proxy(proxy));
            } catch (ApiException e) {
                ObjectNode error = Json.error(e.getMessage(), e.status());
                error.set("proxies", done);
                return json(e.status(), error);
            }
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("proxies", done);
        return json(201, response);
    }

    private ToxicInstance addToxic(Proxy proxy, byte[] body) {
        JsonNode request = Json.parse(body);
        Toxic toxic = Json.text(request, "type").flatMap(ToxicTypes::byName)
                .orElseThrow(() -> new ApiException(400, "invalid toxic type"));
        String streamAsSent = Json.text(request, "stream").filter(s -> !s.isEmpty()).orElse("downstream");
        Stream stream = Stream.parse(streamAsSent);
        double toxicity = Json.number(request, "toxicity").map(ControlApi::checkToxicity).orElse(1.0);
        ToxicAttributes attributes = Json.attributes(request, toxic);
        return proxy.addToxic(Json.text(request, "name").orElse(null), toxic, stream, streamAsSent, toxicity, attributes);
    }

    private static double checkToxicity(double toxicity) {
        if (toxicity < 0 || toxicity > 1) {
            throw ApiException.badBody("toxicity must be between 0 and 1, was " + toxicity);
        }
        return toxicity;
    }

    private ObjectNode versionBody() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("version", version);
        return node;
    }

    private static HttpResponse only(String method, Set<String> allowed, Supplier<HttpResponse> action) {
        return allowed.contains(method) ? action.get() : HttpResponse.empty(405);
    }

    /** Path segments, percent-decoded; characters a URI may not hold (like {@code >}) pass as sent. */
    private static List<String> segments(String rawPath) {
        String path = rawPath;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> segments = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static HttpResponse json(int status, JsonNode body) {
        try {
            return HttpResponse.json(status, Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }
}
