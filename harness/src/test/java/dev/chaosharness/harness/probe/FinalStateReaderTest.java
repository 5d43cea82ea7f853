package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final read against a loopback service whose states settle, or do not. */
class FinalStateReaderTest {

    @TempDir
    Path dir;

    @Test
    void eachIdIsAskedUntilItIsFinalOrTheSettleTimeIsOverAndItsLastAnswerIsRecorded() throws Exception {
        AtomicInteger asksOfB = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/things/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/things/".length());
            String state = switch (id) {
                case "a" -> "DONE";
                case "b" -> asksOfB.incrementAndGet() < 3 ? "PENDING" : "DONE";
                case "c" -> "PENDING";
                default -> null;
            };
            byte[] body = (state == null ? "{\"error\":\"no such thing\"}" : "{\"state\":\"" + state + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(state == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (RunHistory history = RunHistory.open(dir)) {
            FinalStateReader probe = new FinalStateReader(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    id -> "/things/" + id, read -> read.status() == 200 && read.value().path("state").asText().equals("DONE"),
                    "http:things/things/{id}", history);

            int finalCount = probe.read(List.of("a", "b", "c", "d"), Duration.ofSeconds(2));

            assertThat(finalCount).isEqualTo(2);
        } finally {
            server.stop(0);
        }
        Map<String, HistoryEvent.FinalRead> reads = HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.FinalRead.class)
                .stream().collect(Collectors.toMap(HistoryEvent.FinalRead::id, r -> r));
        assertThat(reads).containsOnlyKeys("a", "b", "c", "d");
        assertThat(reads.get("b").value().path("state").asText()).as("asked again until it settled").isEqualTo("DONE");
        assertThat(asksOfB.get()).isEqualTo(3);
        assertThat(reads.get("c").value().path("state").asText()).as("its last answer, at the end of the settle time")
                .isEqualTo("PENDING");
        assertThat(reads.get("d").status()).isEqualTo(404);
        assertThat(reads.values()).allSatisfy(r -> assertThat(r.source()).isEqualTo("http:things/things/{id}"));
    }
}
