package dev.chaosharness.faultproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.faultproxy.toxic.ToxicTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** The Toxiproxy v2 HTTP API: routing, request parsing and responses, as {@code toxiproxy-api.md} specifies. */
final class ControlApi implements HttpHandler {

    private static final String JSON = "application/json";

    private final ProxyRegistry registry;
    private final String version;
    private final AtomicLong requestIds = new AtomicLong();

    ControlApi(ProxyRegistry registry, String version) {
        this.registry = registry;
        this.version = version;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Toxiproxy-Request-Id", Long.toString(requestIds.incrementAndGet()));
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (agent != null && agent.startsWith("Mozilla/")) {
                sendText(exchange, 403, "User agent not allowed\n");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            try {
                route(exchange, segments(exchange.getRequestURI().getRawPath()), exchange.getRequestMethod(), body);
            } catch (ApiException e) {
                send(exchange, e.status(), Json.error(e.getMessage(), e.status()));
            } catch (RuntimeException e) {
                send(exchange, 500, Json.error(String.valueOf(e.getMessage()), 500));
            }
        }
    }

    private void route(HttpExchange exchange, List<String> path, String method, byte[] body) throws IOException {
        if (path.size() == 1 && path.get(0).equals("version")) {
            requireMethod(exchange, method, Set.of("GET"), () -> send(exchange, 200, versionBody()));
        } else if (path.size() == 1 && path.get(0).equals("reset")) {
            requireMethod(exchange, method, Set.of("POST"), () -> {
                registry.reset();
                sendEmpty(exchange, 204);
            });
        } else if (path.size() == 1 && path.get(0).equals("populate")) {
            requireMethod(exchange, method, Set.of("POST"), () -> populate(exchange, body));
        } else if (path.size() == 1 && path.get(0).equals("proxies")) {
            if (method.equals("GET")) {
                ObjectNode all = Json.MAPPER.createObjectNode();
                registry.all().forEach(p -> all.set(p.name(), Json.proxy(p)));
                send(exchange, 200, all);
            } else {
                requireMethod(exchange, method, Set.of("POST"), () -> createProxy(exchange, body));
            }
        } else if (path.size() == 2 && path.get(0).equals("proxies")) {
            proxyRoute(exchange, path.get(1), method, body);
        } else if (path.size() == 3 && path.get(0).equals("proxies") && path.get(2).equals("toxics")) {
            Proxy proxy = registry.get(path.get(1));
            if (method.equals("GET")) {
                ArrayNode toxics = Json.MAPPER.createArrayNode();
                proxy.allToxics().forEach(t -> toxics.add(Json.toxic(t)));
                send(exchange, 200, toxics);
            } else {
                requireMethod(exchange, method, Set.of("POST"), () -> send(exchange, 200, Json.toxic(addToxic(proxy, body))));
            }
        } else if (path.size() == 4 && path.get(0).equals("proxies") && path.get(2).equals("toxics")) {
            toxicRoute(exchange, registry.get(path.get(1)), path.get(3), method, body);
        } else {
            sendText(exchange, 404, "404 page not found\n");
        }
    }

    private void proxyRoute(HttpExchange exchange, String name, String method, byte[] body) throws IOException {
        switch (method) {
            case "GET" -> send(exchange, 200, Json.proxy(registry.get(name)));
            case "POST", "PATCH" -> {
                Proxy proxy = registry.get(name);
                JsonNode update = Json.parse(body);
                proxy.update(Json.text(update, "listen"), Json.text(update, "upstream"), Json.bool(update, "enabled"));
                send(exchange, 200, Json.proxy(proxy));
            }
            case "DELETE" -> {
                registry.delete(name);
                sendEmpty(exchange, 204);
            }
            default -> sendEmpty(exchange, 405);
        }
    }

    private void toxicRoute(HttpExchange exchange, Proxy proxy, String toxicName, String method, byte[] body)
            throws IOException {
        switch (method) {
            case "GET" -> send(exchange, 200, Json.toxic(proxy.findToxic(toxicName).orElseThrow(ApiException::toxicNotFound)));
            case "POST", "PATCH" -> {
                proxy.findToxic(toxicName).orElseThrow(ApiException::toxicNotFound);
                JsonNode update = Json.parse(body);
                Double toxicity = Json.number(update, "toxicity").map(ControlApi::checkToxicity).orElse(null);
                send(exchange, 200, Json.toxic(proxy.updateToxic(toxicName, Json.attributes(update), toxicity)));
            }
            case "DELETE" -> {
                proxy.removeToxic(toxicName);
                sendEmpty(exchange, 204);
            }
            default -> sendEmpty(exchange, 405);
        }
    }

    private void createProxy(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = Json.parse(body);
        String name = Json.text(request, "name").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new ApiException(400, "missing required field: name"));
        String upstream = Json.text(request, "upstream").filter(s -> !s.isEmpty())
                .orElseThrow(() -> new ApiException(400, "missing required field: upstream"));
        String listen = Json.text(request, "listen").orElse("127.0.0.1:0");
        boolean enabled = Json.bool(request, "enabled").orElse(true);
        send(exchange, 201, Json.proxy(registry.create(name, listen, upstream, enabled)));
    }

    private void populate(HttpExchange exchange, byte[] body) throws IOException {
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
                send(exchange, e.status(), error);
                return;
            }
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.set("proxies", done);
        send(exchange, 201, response);
    }

    private ToxicInstance addToxic(Proxy proxy, byte[] body) {
        JsonNode request = Json.parse(body);
        Toxic toxic = Json.text(request, "type").flatMap(ToxicTypes::byName)
                .orElseThrow(() -> new ApiException(400, "invalid toxic type"));
        String streamAsSent = Json.text(request, "stream").filter(s -> !s.isEmpty()).orElse("downstream");
        Stream stream = Stream.parse(streamAsSent);
        double toxicity = Json.number(request, "toxicity").map(ControlApi::checkToxicity).orElse(1.0);
        Map<String, Long> attributes = Json.attributes(request);
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

    // ---- plumbing --------------------------------------------------------------------------

    @FunctionalInterface
    private interface Action {
        void run() throws IOException;
    }

    private static void requireMethod(HttpExchange exchange, String method, Set<String> allowed, Action action)
            throws IOException {
        if (allowed.contains(method)) {
            action.run();
        } else {
            sendEmpty(exchange, 405);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }
}
