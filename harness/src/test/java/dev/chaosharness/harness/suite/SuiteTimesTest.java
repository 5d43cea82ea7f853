package dev.chaosharness.harness.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteTimesTest {

    @Test
    void aRunIsCutIntoItsPhasesByItsHistorysEvents(@TempDir Path dir) {
        try (RunHistory history = RunHistory.open(dir)) {
            history.append(new HistoryEvent.RunStarted(1_000, "r", "e", "Sim", "none", 1, "local",
                    Map.of("rampSeconds", "5", "holdSeconds", "25")));
            history.append(new HistoryEvent.EnvironmentUp(13_000, 11_500, "local", "127.0.0.1:1", Map.of()));
            history.append(new HistoryEvent.LoadStarted(14_000, "Sim", 10, 5, 25, 2000));
            history.append(new HistoryEvent.FirstRequestSent(15_500, 1_500));
            history.append(new HistoryEvent.LoadFinished(46_000, 0, "g"));
            history.append(new HistoryEvent.GroupDrained(46_400, "g1", "t", true, ""));
            history.append(new HistoryEvent.GroupDrained(46_600, "g2", "t", true, ""));
            history.append(new HistoryEvent.EnvironmentDown(49_000, 2_000));
            history.append(new HistoryEvent.RunFinished(50_000, "passed", ""));
        }
        SuiteTimes times = SuiteTimes.of(dir).orElseThrow();

        assertThat(times.phasesMs()).containsExactly(Map.entry("environment", 12_000L), Map.entry("warm-up", 1_000L),
                Map.entry("load tool start", 1_500L), Map.entry("load", 30_500L), Map.entry("drain", 600L),
                Map.entry("final reads and stop", 2_400L), Map.entry("recordings and checks", 1_000L));
        assertThat(times.phasesMs().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(times.totalMs());
        assertThat(times.beyondLoadMs()).isEqualTo(49_000 - 30_000);
    }
}
