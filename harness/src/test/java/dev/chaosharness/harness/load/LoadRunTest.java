package dev.chaosharness.harness.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadRunTest {

    @TempDir
    Path dir;

    private static LoadSpec spec() {
        HttpRequestSpec request = new HttpRequestSpec("POST", "/orders", Map.of(), "{}", "");
        return new LoadSpec("api", "sim", Optional.of(request), new LoadSpec.OpenModel(1, 0, 1),
                new LoadSpec.Deadline(2000, LoadSpec.Deadline.DEFAULT_HEADER, 5000, LoadSpec.Deadline.DEFAULT_REQUEST_ID_HEADER),
                new LoadSpec.GatlingBounds(5000, 50), List.of(201), LoadSpec.Warmup.NONE, 7);
    }

    @Test
    void aSimulationCreatedOnTheLoadThreadGetsItsRunAndNoOtherThreadDoes() throws InterruptedException {
        LoadRun run = new LoadRun(spec(), java.util.List.of(URI.create("http://127.0.0.1:1")), null, 0, ms -> { });
        AtomicReference<LoadRun> seen = new AtomicReference<>();
        Thread thread = new LoadRun.LoadThread(run, () -> seen.set(LoadRun.current()));
        thread.start();
        thread.join();

        assertThat(seen.get()).isSameAs(run);
        assertThat(seen.get().target()).isEqualTo(URI.create("http://127.0.0.1:1"));
        assertThatThrownBy(LoadRun::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no load in progress on thread " + Thread.currentThread().getName());
    }

    @Test
    void resultsAreJudgedByTheDeclaredSuccessesTheFirstIsAnnouncedOnceAndNothingIsKeptAfterAnInterruption() {
        List<Long> firstSent = new ArrayList<>();
        try (RunHistory history = RunHistory.open(dir)) {
            LoadRun run = new LoadRun(spec(), java.util.List.of(URI.create("http://127.0.0.1:1")), history, 1_000, firstSent::add);
            run.record(RequestResult.sentAt(1_500).latencyMs(40).status(201).correlationId("o-1"));
            run.record(RequestResult.sentAt(1_600).latencyMs(5000).unanswered("timeout").requestId("r-2"));
            run.abandon();
            run.record(RequestResult.sentAt(1_700).latencyMs(10).status(201));
        }
        List<HistoryEvent> events = HistoryReader.read(dir);

        assertThat(firstSent).containsExactly(1_500L);
        assertThat(events).filteredOn(HistoryEvent.FirstRequestSent.class::isInstance).singleElement()
                .isEqualTo(new HistoryEvent.FirstRequestSent(1_500, 500));
        assertThat(events).filteredOn(HistoryEvent.RequestCompleted.class::isInstance).map(HistoryEvent.RequestCompleted.class::cast)
                .satisfiesExactly(
                        ok -> {
                            assertThat(ok.success()).isTrue();
                            assertThat(ok.correlationId()).isEqualTo("o-1");
                            assertThat(ok.budgetMs()).isEqualTo(2000);
                        },
                        lost -> {
                            assertThat(lost.success()).isFalse();
                            assertThat(lost.status()).isZero();
                            assertThat(lost.error()).isEqualTo("timeout");
                            assertThat(lost.requestId()).isEqualTo("r-2");
                        });
    }
}
