package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.faultproxy.observe.HttpExchange;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP/1.1 traffic through a proxy that observes it, with a toxic active at the same time. */
class HttpObservationTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private FaultProxyServer server;
    private ToxiproxyClient client;
    private com.sun.net.httpserver.HttpServer upstream;
    private final List<HttpExchange> observed = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        server = FaultProxyServer.start("127.0.0.1", 0, 5);
        server.addObservationListener(observed::add);
        client = new ToxiproxyClient("127.0.0.1", server.port());
        upstream = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/fixed", exchange -> answer(exchange, 201, 5));
        upstream.createContext("/chunked", exchange -> answer(exchange, 200, 0)); // length 0: chunked
        upstream.setExecutor(Executors.newFixedThreadPool(2));
        upstream.start();
    }

    @AfterEach
    void stop() {
        server.close();
        upstream.stop(0);
    }

    @Test
    void keptAliveExchangesAreObservedWithBudgetTraceAndTimesWhileALatencyToxicIsActive() throws Exception {
        Proxy proxy = client.createProxy("caller->callee-1", "127.0.0.1:0", "127.0.0.1:" + upstream.getAddress().getPort());
        assertThat(control("POST", "/proxies/caller-%3Ecallee-1/observe", "{\"protocol\":\"http\"}").statusCode()).isEqualTo(200);
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 50);

        for (int i = 0; i < 4; i++) {
            call(proxy, i % 2 == 0 ? "/fixed" : "/chunked", 1000 + i);
        }

        assertThat(observed).hasSize(4);
        assertThat(observed).extracting(HttpExchange::status).containsExactly(201, 200, 201, 200);
        assertThat(observed).extracting(HttpExchange::budgetMs).containsExactly(1000L, 1001L, 1002L, 1003L);
        assertThat(observed).allSatisfy(e -> {
            assertThat(e.link()).isEqualTo("caller->callee-1");
            assertThat(e.correlationId()).isEqualTo(TRACE_ID);
            // the response left the proxy after the toxic's 50 ms (no upper bound: a loaded machine stalls)
            assertThat(e.responseAtMs() - e.requestAtMs()).isGreaterThanOrEqualTo(45);
        });
        assertThat(server.unparsedByLink()).isEmpty();

        JsonNode page = new ObjectMapper().readTree(control("GET", "/observations?after=1", null).body());
        assertThat(page.get("exchanges")).hasSize(3);
        assertThat(page.get("exchanges").get(0).get("seq").asLong()).isEqualTo(2);
        assertThat(page.get("exchanges").get(0).get("budget_value").asText()).isEqualTo("1001");
        assertThat(page.get("next").asLong()).isEqualTo(4);
        assertThat(new ObjectMapper().readTree(control("GET", "/observations?after=4", null).body()).get("exchanges")).isEmpty();
    }

    @Test
    void aProxyNotAskedToObserveObservesNothing() throws Exception {
        Proxy proxy = client.createProxy("plain", "127.0.0.1:0", "127.0.0.1:" + upstream.getAddress().getPort());

        call(proxy, "/fixed", 500);

        assertThat(observed).isEmpty();
    }

    @Test
    void observingAnotherProtocolIsRefusedWithAMessage() throws Exception {
        client.createProxy("grpc", "127.0.0.1:0", "127.0.0.1:" + upstream.getAddress().getPort());

        HttpResponse<String> refused = control("POST", "/proxies/grpc/observe", "{\"protocol\":\"h2\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("protocol can only be http");
    }

    private void call(Proxy proxy, String path, long budgetMs) throws Exception {
        String listen = proxy.getListen();
        URI uri = URI.create("http://127.0.0.1:" + listen.substring(listen.lastIndexOf(':') + 1) + path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("X-Request-Timeout-Ms", Long.toString(budgetMs))
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isEqualTo("hello");
    }

    private HttpResponse<String> control(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, long length) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write("hello".getBytes(StandardCharsets.UTF_8));
        }
    }
}
