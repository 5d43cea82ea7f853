package dev.chaosharness.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The warm-up against a loopback server that counts the requests in flight and keeps each body. */
class WarmupTest {

    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile int releaseAtInFlight = 1;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/orders", exchange -> {
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            if (now >= releaseAtInFlight) {
                release.countDown();
            }
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            int status = exchange.getRequestHeaders().getFirst("X-Request-Timeout-Ms") == null ? 400 : 201;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    @Test
    void sendsEveryRequestAtMostConcurrencyAtATimeAndCountsTheSuccesses() {
        // the first requests are held until four are in flight, so the count reaches the limit
        release = new CountDownLatch(1);
        releaseAtInFlight = 4;

        int succeeded = Warmup.run(spec(12, 4), target());

        assertThat(succeeded).isEqualTo(12);
        assertThat(mostInFlight.get()).isEqualTo(4);
        assertThat(bodies).hasSize(12);
    }

    @Test
    void oneAtATimeSendsTheSameSeededBodies() {
        Warmup.run(spec(6, 3), target());
        List<String> concurrent = bodies.stream().sorted().toList();
        bodies.clear();
        mostInFlight.set(0);

        Warmup.run(spec(6, 1), target());

        assertThat(mostInFlight.get()).isEqualTo(1);
        assertThat(bodies.stream().sorted().toList()).isEqualTo(concurrent);
    }

    private URI target() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static LoadSpec spec(int requests, int concurrency) {
        HttpRequestSpec request = new HttpRequestSpec("POST", "/orders", Map.of("Content-Type", "application/json"),
                "{\"n\":${seq},\"r\":${random:1-1000000}}", "");
        return new LoadSpec("api", "sim", Optional.of(request), new LoadSpec.OpenModel(1, 0, 1),
                new LoadSpec.Deadline(2000, LoadSpec.Deadline.DEFAULT_HEADER, 5000, LoadSpec.Deadline.DEFAULT_REQUEST_ID_HEADER),
                new LoadSpec.GatlingBounds(5000, 50), List.of(201), new LoadSpec.Warmup(requests, concurrency, Optional.empty()),
                7);
    }
}
