package dev.chaosharness.faultproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Java client hides: status codes, error bodies, ordering, headers, lenient input. */
class RawHttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FaultProxyServer server;
    private EchoServer upstream;

    @BeforeEach
    void start() {
        server = FaultProxyServer.start("127.0.0.1", 0, 7);
        upstream = EchoServer.echo();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        upstream.close();
    }

    @Test
    void everyResponseCarriesARequestIdAndJson() throws Exception {
        HttpResponse<String> response = call("GET", "/version", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Toxiproxy-Request-Id")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).path("version").asText()).isEqualTo("2.12.0");
    }

    @Test
    void createReturns201AndProxiesAreSortedByName() throws Exception {
        for (String name : new String[] {"zeta", "alpha", "mid"}) {
            HttpResponse<String> created = call("POST", "/proxies", proxy(name, "127.0.0.1:0"));
            assertThat(created.statusCode()).isEqualTo(201);
        }

        HttpResponse<String> list = call("GET", "/proxies", null);

        assertThat(list.body()).matches("\\{\"alpha\":.*\"mid\":.*\"zeta\":.*\\}");
        assertThat(call("GET", "/proxies/nope", null).body()).isEqualTo("{\"error\":\"proxy not found\",\"status\":404}");
    }

    @Test
    void missingFieldsAndBadBodiesGive400WithTheExactMessage() throws Exception {
        assertError(call("POST", "/proxies", "{\"upstream\":\"" + upstream.address() + "\"}"), 400, "missing required field: name");
        assertError(call("POST", "/proxies", "{\"name\":\"x\"}"), 400, "missing required field: upstream");
        HttpResponse<String> bad = call("POST", "/proxies", "{nope");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).startsWith("bad request body: ");
    }

    @Test
    void aPortInUseGives500WithTheOperatingSystemsText() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HttpResponse<String> response = call("POST", "/proxies", proxy("p", "127.0.0.1:" + taken.getLocalPort()));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response).path("error").asText()).contains("address already in use");
        }
    }

    @Test
    void listenReportsTheBoundAddressButADisabledProxyKeepsItAsGiven() throws Exception {
        JsonNode enabled = json(call("POST", "/proxies", proxy("on", "localhost:0")));
        JsonNode disabled = json(call("POST", "/proxies",
                "{\"name\":\"off\",\"listen\":\"localhost:0\",\"upstream\":\"" + upstream.address() + "\",\"enabled\":false}"));

        assertThat(enabled.path("listen").asText()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
        assertThat(disabled.path("listen").asText()).isEqualTo("localhost:0");
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
    }

    @Test
    void browsersAreRefusedAndUnknownPathsAndMethodsAreNot200() throws Exception {
        HttpResponse<String> browser = HTTP.send(HttpRequest.newBuilder(uri("/proxies"))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(browser.statusCode()).isEqualTo(403);
        assertThat(browser.body()).contains("User agent not allowed");
        assertThat(call("GET", "/nothing/here", null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/proxies", "{}").statusCode()).isEqualTo(405);
        assertThat(call("GET", "/reset", null).statusCode()).isEqualTo(405);
    }

    @Test
    void keysAreCaseInsensitiveAndUnknownKeysIgnored() throws Exception {
        HttpResponse<String> response = call("POST", "/proxies",
                "{\"NAME\":\"loud\",\"Listen\":\"127.0.0.1:0\",\"UpStream\":\"" + upstream.address() + "\",\"colour\":\"red\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).path("name").asText()).isEqualTo("loud");
    }

    @Test
    void toxicsGet200DefaultNamesEveryAttributeAndTheStreamAsSent() throws Exception {
        call("POST", "/proxies", proxy("p", "127.0.0.1:0"));

        HttpResponse<String> created = call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"UpStream\"}");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode toxic = json(created);
        assertThat(toxic.path("name").asText()).isEqualTo("latency_upstream");
        assertThat(toxic.path("stream").asText()).isEqualTo("UpStream");
        assertThat(toxic.path("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(toxic.path("attributes").path("latency").isNumber()).isTrue();
        assertThat(toxic.path("attributes").path("jitter").isNumber()).isTrue();
        JsonNode slicer = json(call("POST", "/proxies/p/toxics", "{\"type\":\"slicer\",\"attributes\":{\"average_size\":4}}"));
        assertThat(slicer.path("name").asText()).isEqualTo("slicer_downstream");
        assertThat(slicer.path("attributes").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("average_size", "size_variation", "delay");
    }

    @Test
    void toxicErrorsGiveTheExactMessages() throws Exception {
        call("POST", "/proxies", proxy("p", "127.0.0.1:0"));

        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"earthquake\"}"), 400, "invalid toxic type");
        assertError(call("POST", "/proxies/p/toxics", "{}"), 400, "invalid toxic type");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        assertError(call("POST", "/proxies/nope/toxics", "{\"type\":\"latency\"}"), 404, "proxy not found");
        assertError(call("GET", "/proxies/p/toxics/none", null), 404, "toxic not found");
        assertError(call("DELETE", "/proxies/p/toxics/none", null), 404, "toxic not found");
        call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"x\"}");
        assertError(call("POST", "/proxies/p/toxics", "{\"type\":\"timeout\",\"name\":\"x\",\"stream\":\"upstream\"}"), 409,
                "toxic already exists");
    }

    @Test
    void nonsenseAttributesAreRefused() throws Exception {
        call("POST", "/proxies", proxy("p", "127.0.0.1:0"));

        assertThat(call("POST", "/proxies/p/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":-1}}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/proxies/p/toxics", "{\"type\":\"slicer\",\"attributes\":{\"average_size\":0}}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"slow\"}}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"toxicity\":2}").statusCode()).isEqualTo(400);
        call("POST", "/proxies/p/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":5}}");
        assertThat(call("POST", "/proxies/p/toxics/bandwidth_downstream", "{\"attributes\":{\"rate\":-3}}").statusCode()).isEqualTo(400);
        assertThat(json(call("GET", "/proxies/p/toxics/bandwidth_downstream", null)).path("attributes").path("rate").asLong()).isEqualTo(5);
    }

    @Test
    void updatesMergeAttributesAndKeepToxicity() throws Exception {
        call("POST", "/proxies", proxy("p", "127.0.0.1:0"));
        call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"toxicity\":0.25,\"attributes\":{\"latency\":10,\"jitter\":3}}");

        JsonNode patched = json(call("PATCH", "/proxies/p/toxics/latency_downstream", "{\"attributes\":{\"latency\":99}}"));

        assertThat(patched.path("attributes").path("latency").asLong()).isEqualTo(99);
        assertThat(patched.path("attributes").path("jitter").asLong()).isEqualTo(3);
        assertThat(patched.path("toxicity").asDouble()).isEqualTo(0.25);
    }

    @Test
    void toxicsListUpstreamFirstThenDownstreamInCreationOrder() throws Exception {
        call("POST", "/proxies", proxy("p", "127.0.0.1:0"));
        call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"d1\"}");
        call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"u1\",\"stream\":\"upstream\"}");
        call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"d2\"}");
        call("POST", "/proxies/p/toxics", "{\"type\":\"latency\",\"name\":\"u2\",\"stream\":\"upstream\"}");

        JsonNode toxics = json(call("GET", "/proxies/p/toxics", null));

        assertThat(toxics.findValuesAsText("name")).containsExactly("u1", "u2", "d1", "d2");
    }

    @Test
    void resetAndDeleteAnswer204AndDeleteFreesThePort() throws Exception {
        JsonNode created = json(call("POST", "/proxies", proxy("p", "127.0.0.1:0")));
        String listen = created.path("listen").asText();

        assertThat(call("POST", "/reset", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/proxies/p", null).statusCode()).isEqualTo(204);
        assertThat(call("POST", "/proxies", proxy("again", listen)).statusCode()).isEqualTo(201);
    }

    @Test
    void populateValidatesFirstThenCreatesKeepsAndReplaces() throws Exception {
        String bad = "[{\"name\":\"a\",\"upstream\":\"" + upstream.address() + "\"},{\"upstream\":\"" + upstream.address() + "\"}]";
        assertError(call("POST", "/populate", bad), 400, "missing required field: name at proxy 2");
        assertThat(json(call("GET", "/proxies", null)).size()).as("nothing created").isZero();

        call("POST", "/proxies", proxy("keep", "127.0.0.1:0"));
        String keepListen = json(call("GET", "/proxies/keep", null)).path("listen").asText();
        call("POST", "/proxies/keep/toxics", "{\"type\":\"latency\"}");
        call("POST", "/proxies", proxy("replace", "127.0.0.1:0"));
        call("POST", "/proxies/replace/toxics", "{\"type\":\"latency\"}");
        try (EchoServer other = EchoServer.echo()) {
            String body = "[{\"name\":\"keep\",\"listen\":\"" + keepListen + "\",\"upstream\":\"" + upstream.address() + "\"},"
                    + "{\"name\":\"replace\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + other.address() + "\"},"
                    + "{\"name\":\"new\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + other.address() + "\"}]";

            HttpResponse<String> response = call("POST", "/populate", body);

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(names(json(response).path("proxies"))).containsExactly("keep", "replace", "new");
            assertThat(json(call("GET", "/proxies/keep/toxics", null)).size()).as("kept with its toxics").isEqualTo(1);
            assertThat(json(call("GET", "/proxies/replace/toxics", null)).size()).as("replaced, toxics lost").isZero();
        }
    }

    @Test
    void populateStopsAtTheFirstFailureAndReportsWhatItCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String body = "[{\"name\":\"first\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"},"
                    + "{\"name\":\"clash\",\"listen\":\"127.0.0.1:" + taken.getLocalPort() + "\",\"upstream\":\"" + upstream.address() + "\"},"
                    + "{\"name\":\"never\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + upstream.address() + "\"}]";

            HttpResponse<String> response = call("POST", "/populate", body);

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(names(json(response).path("proxies"))).containsExactly("first");
            assertThat(json(call("GET", "/proxies", null)).fieldNames()).toIterable().containsExactly("first");
        }
    }

    @Test
    void resetWithNoBodyAndNoContentLengthIsAccepted() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("POST /reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes());
            String status = new String(socket.getInputStream().readAllBytes()).lines().findFirst().orElse("");
            assertThat(status).isEqualTo("HTTP/1.1 204 No Content");
        }
    }

    @Test
    void chunkedBodiesAndKeepAliveWork() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            String body = proxy("chunky", "127.0.0.1:0");
            String request = "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"
                    + "GET /proxies/chunky HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes());
            String answers = new String(socket.getInputStream().readAllBytes());
            assertThat(answers).startsWith("HTTP/1.1 201 Created").contains("HTTP/1.1 200 OK")
                    .contains("X-Toxiproxy-Request-Id: ");
        }
    }

    private String proxy(String name, String listen) {
        return "{\"name\":\"" + name + "\",\"listen\":\"" + listen + "\",\"upstream\":\"" + upstream.address() + "\"}";
    }

    private static void assertError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo(message);
        assertThat(body.path("status").asInt()).isEqualTo(status);
    }

    private static java.util.List<String> names(JsonNode proxies) {
        java.util.List<String> names = new java.util.ArrayList<>();
        proxies.forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return server.uri().resolve(path);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a raw request gets back: the status line and headers, then the body, as text. */
    private String raw(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theDateHeaderIsAnImfFixdate() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.uri() + "/version")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Date")).get().asString()
                .matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
                        + "\\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void aRequestThatCannotBeReadGets400AndTheConnectionCloses() throws Exception {
        for (String length : new String[] {"-5", "abc"}) {
            String answer = raw("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n{}");
            assertThat(answer).as("Content-Length: %s", length).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("Connection: close\r\n").endsWith("400 Bad Request");
        }
        assertThat(raw("POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n");
    }

    @Test
    void aBodyOverTheLimitIsAnswered413BeforeItsUploadEnds() throws Exception {
        for (String length : new String[] {"99999999999", Integer.toString(20 * 1024 * 1024)}) {
            String answer = raw("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n{}");
            assertThat(answer).as("Content-Length: %s", length).startsWith("HTTP/1.1 413 Content Too Large\r\n")
                    .contains("Connection: close\r\n");
        }
    }

    /** The whole 20 MB is sent, as curl would: the answer is read, not a broken pipe or a reset. */
    @Test
    void aClientStillSendingAnOversizedBodyReadsTheAnswer() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            int size = 20 * 1024 * 1024;
            var out = socket.getOutputStream();
            out.write(("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413 Content Too Large\r\n");
        }
    }

    @Test
    void aHeadOverTheLimitIsAnswered431() throws Exception {
        String huge = "x".repeat(200 * 1024);
        assertThat(raw("GET /version HTTP/1.1\r\nHost: x\r\nX-Big: " + huge + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n").contains("Connection: close\r\n");
        // one line of 200 KB that never ends is refused as well, not held for ever
        assertThat(raw("GET /version HTTP/1.1\r\nX-Big: " + huge))
                .startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    }

    @Test
    void pipelinedAndChunkedRequestsAreAnsweredInOrder() throws Exception {
        String answer = raw("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"nam\r\n7\r\ne\":\"p1\"\r\n0\r\n\r\n"
                + "GET /proxies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer.split("HTTP/1.1 ", -1)).hasSize(4);
        assertThat(answer.indexOf("HTTP/1.1 200")).isLessThan(answer.indexOf("HTTP/1.1 400"));
    }

    /** A half-sent request holds a buffer, not a thread: the API still answers at once. */
    @Test
    void slowClientsDoNotHoldTheApi() throws Exception {
        java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
                socket.getOutputStream().write("POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Le".getBytes(
                        java.nio.charset.StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            long apiThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("fault-proxy-api")).count();
            assertThat(apiThreads).isLessThanOrEqualTo(3);
            assertThat(call("GET", "/version", null).statusCode()).isEqualTo(200);
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
    }
}
