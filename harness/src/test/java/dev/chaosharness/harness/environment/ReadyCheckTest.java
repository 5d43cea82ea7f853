package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chaosharness.harness.system.Readiness;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A readiness that has not passed says what the endpoint last answered, so an aborted start can name it. */
class ReadyCheckTest {

    @Test
    void anHttpCheckThatFailsNamesTheLastAnswerAndForgetsItOnceReady() throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"DOWN\",\n \"db\":\"connecting\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ReadyCheck check = check(server.getAddress().getPort());
            assertThat(check.isReady()).isFalse();
            assertThat(check.pending()).isEqualTo("HTTP GET /health answering 2xx (last answer: HTTP 503 {\"status\":\"DOWN\", \"db\":\"connecting\"})");

            status.set(200);
            assertThat(check.isReady()).isTrue();
            assertThat(check.pending()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void nothingListeningIsNamedAsSuch() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ReadyCheck check = check(port);
        assertThat(check.isReady()).isFalse();
        assertThat(check.pending()).startsWith("HTTP GET /health answering 2xx (last answer: ConnectException");
    }

    private static ReadyCheck check(int port) {
        return new ReadyCheck(List.of(new Readiness.Http("/health")),
                new ReadyCheck.Target("127.0.0.1", port, () -> "", () -> null, () -> 1, () -> true));
    }
}
