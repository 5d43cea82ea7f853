package dev.chaosharness.harness.proxy;

import dev.chaosharness.faultproxy.api.ProxyState;
import dev.chaosharness.faultproxy.api.ToxicState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.faultproxy.FaultProxyServer;
import dev.chaosharness.faultproxy.LinkTraffic;
import dev.chaosharness.faultproxy.api.ObservationsPage;
import dev.chaosharness.faultproxy.api.ObserveSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one client of the control API, against the embedded fault proxy (the same server the local runtime starts). */
class FaultProxyClientTest {

    private final FaultProxyServer server = FaultProxyServer.startOnFreePort();
    private final FaultProxyClient client = new FaultProxyClient(server.host(), server.port());

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aProxyIsCreatedShownDisabledAndEnabledAgain() throws IOException {
        assertThat(client.answers()).isTrue();
        client.createProxy("api->db 1", "127.0.0.1:0", "127.0.0.1:9");

        ProxyState proxy = client.proxy("api->db 1").orElseThrow();
        assertThat(proxy.name()).as("a name with a space and '>' travels as one path segment").isEqualTo("api->db 1");
        assertThat(proxy.upstream()).isEqualTo("127.0.0.1:9");
        assertThat(proxy.enabled()).isTrue();
        assertThat(proxy.toxics()).isEmpty();

        client.setEnabled("api->db 1", false);
        assertThat(client.proxy("api->db 1").orElseThrow().enabled()).isFalse();
        client.setEnabled("api->db 1", true);
        assertThat(client.proxy("api->db 1").orElseThrow().enabled()).isTrue();
        assertThat(client.proxy("nobody")).as("404: no such proxy").isEmpty();
    }

    @Test
    void aToxicIsAddedListedAndRemovedOnceAndASecondRemovalSaysItWasGone() throws IOException {
        client.createProxy("link", "127.0.0.1:0", "127.0.0.1:9");
        client.addToxic("link", new ToxicState("chaos-1", "latency", "downstream", 1.0f,
                Map.of("latency", 250, "jitter", 0)));

        assertThat(client.proxy("link").orElseThrow().toxics()).singleElement().satisfies(toxic -> {
            assertThat(toxic.name()).isEqualTo("chaos-1");
            assertThat(toxic.type()).isEqualTo("latency");
            assertThat(toxic.attributes()).containsEntry("latency", 250);
        });
        assertThat(client.removeToxic("link", "chaos-1")).isTrue();
        assertThat(client.removeToxic("link", "chaos-1")).isFalse();
        assertThat(client.proxy("link").orElseThrow().toxics()).isEmpty();
    }

    @Test
    void anUnexpectedAnswerIsRefusedWithItsStatus() throws IOException {
        client.createProxy("link", "127.0.0.1:0", "127.0.0.1:9");
        assertThatThrownBy(() -> client.createProxy("link", "127.0.0.1:0", "127.0.0.1:9"))
                .isInstanceOfSatisfying(FaultProxyClient.Refused.class, refused -> assertThat(refused.status()).isEqualTo(409))
                .hasMessageStartingWith("create proxy link: HTTP 409");
        assertThatThrownBy(() -> client.addToxic("link", new ToxicState("t", "no-such-toxic", "downstream", 1.0f,
                Map.of()))).isInstanceOf(FaultProxyClient.Refused.class).hasMessageContaining("HTTP 400");
    }

    @Test
    void trafficAndObservedExchangesReadAsFaultProxysOwnRecords() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> answerOnce(upstream));
            answer.setDaemon(true);
            answer.start();
            int listen = freePort();
            client.createProxy("web", "127.0.0.1:" + listen, "127.0.0.1:" + upstream.getLocalPort());
            client.observe("web", ObserveSettings.http(List.of("X-Request-Timeout-Ms"), List.of("X-Request-Id")));

            String reply = get(listen, "/orders/7", "X-Request-Timeout-Ms: 800\r\nX-Request-Id: r-1\r\n");
            answer.join(5_000);
            assertThat(reply).startsWith("HTTP/1.1 200");

            ObservationsPage page = awaitExchanges();
            assertThat(page.exchanges()).singleElement().satisfies(e -> {
                assertThat(e.link()).isEqualTo("web");
                assertThat(e.target()).isEqualTo("/orders/7");
                assertThat(e.exchange().budgetMs()).isEqualTo(800);
                assertThat(e.correlationId()).isEqualTo("r-1");
                assertThat(e.status()).isEqualTo(200);
            });
            Map<String, LinkTraffic.Counts> traffic = client.traffic().orElseThrow();
            assertThat(traffic.get("web").accepted()).isEqualTo(1);
            assertThat(traffic.get("web").bytesUpstream()).isPositive();
            client.stopObserving("web");
        }
    }

    private ObservationsPage awaitExchanges() throws Exception {
        for (int i = 0; i < 50; i++) {
            ObservationsPage page = client.observations(0);
            if (!page.exchanges().isEmpty()) {
                return page;
            }
            Thread.sleep(100);
        }
        return client.observations(0);
    }

    private static void answerOnce(ServerSocket upstream) {
        try (Socket socket = upstream.accept()) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            StringBuilder request = new StringBuilder();
            while (!request.toString().contains("\r\n\r\n")) {
                int read = in.read(buffer);
                if (read < 0) {
                    return;
                }
                request.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(int port, String target, String headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
