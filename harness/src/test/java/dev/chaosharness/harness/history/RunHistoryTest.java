package dev.chaosharness.harness.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {

    @TempDir
    Path dir;

    @Test
    void aReadTellsItsProgressAndEndsWithTheWholeFile() {
        try (RunHistory history = RunHistory.open(dir)) {
            IntStream.range(0, 100).forEach(i -> history.append(new HistoryEvent.RunFinished(i, "passed", "line " + i)));
        }
        List<String> told = new java.util.ArrayList<>();
        long[] seen = {0};
        HistoryReader.forEach(dir, type -> true, event -> seen[0]++,
                (events, fileShare, elapsed, done) -> told.add(events + " " + fileShare + " " + done));
        assertThat(seen[0]).isEqualTo(100);
        assertThat(told).as("a short read: no line on the way, one at its end, the whole file read").containsExactly("100 1.0 true");
    }

    @Test
    void eventsComeBackTypedAndInOrder() {
        try (RunHistory history = RunHistory.open(dir)) {
            history.append(new HistoryEvent.RunStarted(1, "run-1", "checkout", "Sim", "none", 7, "local", Map.of("a", "b")));
            history.append(new HistoryEvent.ProcessStarted(2, "kafka", "kafka", true, 42, List.of("java", "kafka.Kafka"), "k.log"));
            history.append(new HistoryEvent.RequestCompleted(3, 2, 1, 201, true, 2000, "o-1", null, null));
            history.append(new HistoryEvent.KafkaRecordSeen(4, "orders", 0, 5, "o-1", 3,
                    JsonNodeFactory.instance.objectNode().put("orderId", "o-1")));
            history.append(new HistoryEvent.ProcessStopped(5, "kafka", 42, 143, "stopped"));
        }

        List<HistoryEvent> events = HistoryReader.read(dir);

        assertThat(events).extracting(HistoryEvent::atMs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events.get(0)).isEqualTo(new HistoryEvent.RunStarted(1, "run-1", "checkout", "Sim", "none", 7, "local", Map.of("a", "b")));
        assertThat(HistoryReader.ofType(events, HistoryEvent.KafkaRecordSeen.class)).singleElement()
                .satisfies(r -> assertThat(r.value().path("orderId").asText()).isEqualTo("o-1"));
        assertThat(HistoryReader.ofType(events, HistoryEvent.ProcessStopped.class)).singleElement()
                .extracting(HistoryEvent.ProcessStopped::exitCode).isEqualTo(143);
    }

    @Test
    void reopeningAppendsRatherThanTruncates() {
        try (RunHistory history = RunHistory.open(dir)) {
            history.append(new HistoryEvent.RunFinished(1, "passed", "first"));
        }
        try (RunHistory history = RunHistory.open(dir)) {
            history.append(new HistoryEvent.RunFinished(2, "passed", "second"));
        }

        assertThat(HistoryReader.read(dir)).hasSize(2);
    }

    @Test
    void concurrentAppendsKeepWholeLines() throws Exception {
        try (RunHistory history = RunHistory.open(dir)) {
            IntStream.range(0, 2000).parallel().forEach(i ->
                    history.append(new HistoryEvent.RequestCompleted(i, i, 1, 201, true, 2000, "request-" + i, null, null)));
        }

        assertThat(HistoryReader.read(dir)).hasSize(2000);
    }

    @Test
    void aClosedHistoryIsStoredAsGzipAndAnOpenOneIsPlain() throws Exception {
        RunHistory history = RunHistory.open(dir);
        history.append(new HistoryEvent.RunFinished(1, "passed", "only"));
        assertThat(RunHistory.storedFile(dir)).isEqualTo(dir.resolve("history.jsonl"));
        assertThat(RunHistory.linkName(dir)).as("a report written now links what the history becomes")
                .isEqualTo("history.jsonl.gz");
        history.close();

        assertThat(dir.resolve("history.jsonl")).doesNotExist();
        assertThat(RunHistory.storedFile(dir)).isEqualTo(dir.resolve("history.jsonl.gz"));
        assertThat(RunHistory.linkName(dir)).isEqualTo("history.jsonl.gz");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("history.jsonl.gz")))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("plain gzip, what zcat reads").startsWith("{\"type\":\"run-finished\"");
        }
        assertThat(HistoryReader.read(dir)).containsExactly(new HistoryEvent.RunFinished(1, "passed", "only"));
        assertThat(HistoryReader.read(dir.resolve("history.jsonl.gz"))).hasSize(1);
    }

    @Test
    void aBrokenLineIsReportedWithItsFileAndLineNumber() throws Exception {
        Files.writeString(dir.resolve(RunHistory.FILE_NAME),
                "{\"type\":\"run-finished\",\"atMs\":1,\"outcome\":\"passed\",\"message\":\"m\"}\n{\"type\":\"no-such-event\"}\n");

        assertThatThrownBy(() -> HistoryReader.read(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("history.jsonl:2");
    }

    /** A history written before threads owned by a client were told apart reads back with none owned, one pool accounted. */
    @Test
    void lingeringThreadsFromBeforeOwnedThreadsReadBack() throws Exception {
        HistoryEvent old = HistoryJson.mapper().readValue("{\"type\":\"lingering-threads\",\"atMs\":1,\"instance\":\"a-1\","
                + "\"pid\":7,\"pattern\":\"pool-N-thread-N\",\"count\":3,\"startStack\":[],\"classified\":true,"
                + "\"poolWorkers\":3,\"pools\":3,\"heldAt\":\"\"}", HistoryEvent.class);

        assertThat(old).isInstanceOfSatisfying(HistoryEvent.LingeringThreads.class, l -> {
            assertThat(l.ownedThreads()).isZero();
            assertThat(l.ownedBy()).isEmpty();
            assertThat(l.unaccounted()).isEqualTo(2);
        });
    }
}
