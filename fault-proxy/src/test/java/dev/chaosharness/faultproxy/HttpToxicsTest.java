package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.faultproxy.observe.HttpExchange;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP toxics (fault-proxy's extension) on real HTTP/1.1 between the JDK's client and server, through the proxy. */
class HttpToxicsTest {

    private static final String LINK = "caller-%3Ecallee-1";

    private FaultProxyServer server;
    private com.sun.net.httpserver.HttpServer upstream;
    private final AtomicInteger served = new AtomicInteger();
    private final List<HttpExchange> observed = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int listenPort;

    @BeforeEach
    void start() throws Exception {
        server = FaultProxyServer.start("127.0.0.1", 0, 5);
        server.addObservationListener(observed::add);
        upstream = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "done".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.setExecutor(Executors.newFixedThreadPool(2));
        upstream.start();
        HttpResponse<String> created = control("POST", "/proxies", "{\"name\":\"caller->callee-1\",\"listen\":\"127.0.0.1:0\","
                + "\"upstream\":\"127.0.0.1:" + upstream.getAddress().getPort() + "\"}");
        String listen = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("listen").asText();
        listenPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        assertThat(control("POST", "/proxies/" + LINK + "/observe", "{\"protocol\":\"http\"}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
        upstream.stop(0);
    }

    @Test
    void httpStatusAnswersTheFirstAttemptsOfEachRequestItselfAndOnlyOnTheMatchingPath() throws Exception {
        addToxic("{\"name\":\"unavailable\",\"type\":\"http_status\",\"stream\":\"upstream\",\"attributes\":"
                + "{\"status\":503,\"body\":\"try later\",\"retry_after\":2,\"first_n\":2,\"method\":\"POST\",\"path_prefix\":\"/pay\"}}");

        HttpResponse<String> first = call("POST", "/payments", "order-1");
        HttpResponse<String> second = call("POST", "/payments", "order-1");
        HttpResponse<String> third = call("POST", "/payments", "order-1");
        HttpResponse<String> otherPath = call("POST", "/orders", "order-2");
        HttpResponse<String> otherRequest = call("POST", "/payments", "order-3");

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("try later");
        assertThat(first.headers().firstValue("Retry-After")).contains("2");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).as("the third attempt of order-1 reaches the callee").isEqualTo(201);
        assertThat(otherPath.statusCode()).isEqualTo(201);
        assertThat(otherRequest.statusCode()).isEqualTo(503);
        assertThat(served).as("the callee never saw an answered-for-it request").hasValue(2);
        assertThat(observed).extracting(HttpExchange::status).containsExactly(503, 503, 201, 201, 503);
        assertThat(observed).extracting(HttpExchange::correlationId)
                .containsExactly("order-1", "order-1", "order-1", "order-2", "order-3");
    }

    @Test
    void httpDelayHoldsTheResponseAfterTheCalleeDidTheWork() throws Exception {
        addToxic("{\"name\":\"late\",\"type\":\"http_delay\",\"stream\":\"downstream\",\"attributes\":{\"delay_ms\":300}}");

        long started = System.nanoTime();
        HttpResponse<String> answer = call("POST", "/payments", "order-1");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(served).hasValue(1);
        assertThat(tookMs).as("held at least the delay (no upper bound: a loaded machine stalls)").isGreaterThanOrEqualTo(290);
        assertThat(observed).singleElement().satisfies(e -> assertThat(e.responseAtMs() - e.requestAtMs()).isGreaterThanOrEqualTo(290));
    }

    @Test
    void httpResetAfterRequestLetsTheCalleeWorkAndLosesTheAnswer() throws Exception {
        addToxic("{\"name\":\"lost\",\"type\":\"http_reset_after_request\",\"stream\":\"downstream\",\"attributes\":{\"path_prefix\":\"/payments\"}}");

        assertThatThrownBy(() -> call("POST", "/payments", "order-1")).isInstanceOf(IOException.class);
        HttpResponse<String> unmatched = call("POST", "/orders", "order-2");

        assertThat(served).as("the callee did the work of both").hasValue(2);
        assertThat(unmatched.statusCode()).isEqualTo(201);
        assertThat(observed).extracting(HttpExchange::status).containsExactlyInAnyOrder(0, 201);
    }

    @Test
    void anHttpToxicIsRefusedWhereItCannotWorkWithTheReason() throws Exception {
        HttpResponse<String> noStatus = control("POST", "/proxies/" + LINK + "/toxics",
                "{\"type\":\"http_status\",\"stream\":\"upstream\",\"attributes\":{}}");
        HttpResponse<String> wrongStream = control("POST", "/proxies/" + LINK + "/toxics",
                "{\"type\":\"http_delay\",\"stream\":\"upstream\",\"attributes\":{\"delay_ms\":5}}");
        HttpResponse<String> numberForText = control("POST", "/proxies/" + LINK + "/toxics",
                "{\"type\":\"http_delay\",\"attributes\":{\"method\":5}}");

        assertThat(noStatus.statusCode()).isEqualTo(400);
        assertThat(noStatus.body()).contains("status must be an HTTP status (100-599), was 0");
        assertThat(wrongStream.statusCode()).isEqualTo(400);
        assertThat(wrongStream.body()).contains("http_delay acts on responses: its stream is downstream, was upstream");
        assertThat(numberForText.statusCode()).isEqualTo(400);
        assertThat(numberForText.body()).contains("cannot unmarshal number into field attributes.method of type string");
    }

    /** A Toxiproxy client has no call for the observe extension: an HTTP toxic switches it on, and says so. */
    @Test
    void anHttpToxicOnAProxyThatDoesNotObserveHttpSwitchesObservationOn() throws Exception {
        control("POST", "/proxies", "{\"name\":\"plain\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}");
        HttpResponse<String> first = control("POST", "/proxies/plain/toxics",
                "{\"name\":\"slow\",\"type\":\"http_delay\",\"attributes\":{\"delay_ms\":5}}");
        HttpResponse<String> second = control("POST", "/proxies/plain/toxics",
                "{\"name\":\"slower\",\"type\":\"http_delay\",\"attributes\":{\"delay_ms\":9}}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Fault-Proxy-Observation")).get().asString()
                .startsWith("http; switched on by this toxic");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("X-Fault-Proxy-Observation")).isEmpty();
    }

    @Test
    void anHttpToxicRemovedWhileHoldingAnIncompleteHeadLetsItGoOn() throws Exception {
        addToxic("{\"name\":\"unavailable\",\"type\":\"http_status\",\"stream\":\"upstream\",\"attributes\":{\"status\":503}}");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", listenPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /orders HTTP/1.1\r\nHost: callee\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(300); // the toxic holds the head it has so far

            assertThat(control("DELETE", "/proxies/" + LINK + "/toxics/unavailable", null).statusCode()).isEqualTo(204);
            out.write("Content-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("the held part of the head reached the callee").startsWith("HTTP/1.1 201");
        }
        assertThat(served).hasValue(1);
    }

    private void addToxic(String json) throws Exception {
        HttpResponse<String> added = control("POST", "/proxies/" + LINK + "/toxics", json);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    }

    private HttpResponse<String> call(String method, String path, String requestId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listenPort + path))
                .header("X-Request-Id", requestId)
                .method(method, HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> control(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
