package dev.chaosharness.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.history.RunOwner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadRunsTest {

    @TempDir
    Path reports;

    @Test
    void aRunWhoseOwnerIsGoneIsClosedAbortedWithWhyAndReportedAndIndexed() throws Exception {
        Path run = unfinishedRun("20261207-044500-consumer-churn-1a2b", deadOwner());
        Files.writeString(run.resolve(RunHistory.FILE_NAME), "{\"type\":\"request\",\"atMs\":17", StandardOpenOption.APPEND);

        assertThat(DeadRuns.closeAll(reports)).containsExactly(run);

        List<HistoryEvent> history = HistoryReader.read(run);
        assertThat(history.get(history.size() - 1)).isInstanceOfSatisfying(HistoryEvent.RunFinished.class, f -> {
            assertThat(f.outcome()).isEqualTo("aborted");
            assertThat(f.message()).isEqualTo("the harness process died (killed or crashed); last event at "
                    + "1970-01-01T00:00:12.500Z");
        });
        assertThat(run.resolve(RunHistory.COMPRESSED_FILE_NAME)).as("closed as a run that ended is").exists();
        assertThat(run.resolve("verdicts.json")).isNotEmptyFile();
        assertThat(run.resolve("index.html")).content(StandardCharsets.UTF_8).contains("ABORTED");
        assertThat(reports.resolve("index.html")).content(StandardCharsets.UTF_8)
                .contains(run.getFileName().toString()).contains("the harness process died");
        assertThat(DeadRuns.closeAll(reports)).as("closed once").isEmpty();
    }

    @Test
    void aRunWhoseOwnerStillRunsIsLeftAlone() throws Exception {
        Path run = unfinishedRun("20261207-044501-consumer-churn-3c4d", null);
        RunOwner.claim(run); // this JVM: alive

        assertThat(DeadRuns.closeAll(reports)).isEmpty();
        assertThat(HistoryReader.ofType(HistoryReader.read(run), HistoryEvent.RunFinished.class)).isEmpty();
    }

    @Test
    void anOwnerIsItsPidStartedWhenItWasRecordedNotAnotherProcessGivenTheSameNumber() throws Exception {
        Path run = Files.createDirectories(reports.resolve("run"));
        RunOwner.claim(run);
        RunOwner self = RunOwner.of(run).orElseThrow();
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.isAlive()).isTrue();
        assertThat(new RunOwner(self.pid(), self.startMs() - 60_000).isAlive()).as("same pid, other start").isFalse();
        assertThat(deadOwner().isAlive()).isFalse();
    }

    private static RunOwner deadOwner() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return new RunOwner(gone.pid(), System.currentTimeMillis());
    }

    private Path unfinishedRun(String id, RunOwner owner) throws Exception {
        Path run = Files.createDirectories(reports.resolve(id));
        try (RunHistory history = RunHistory.open(run)) {
            history.append(new HistoryEvent.RunStarted(0, id, "consumer-churn", "Sim", "consumer-churn", 13, "local", Map.of()));
            history.append(new HistoryEvent.LoadStarted(10_000, "Sim", 10, 0, 10, 2000));
            history.append(new HistoryEvent.RequestCompleted(12_500, 12_400, 100, 201, true, 2000, "o-1", null, null));
        }
        // a run the kill cut off never compressed its history
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(run.resolve(RunHistory.COMPRESSED_FILE_NAME)))) {
            Files.copy(in, run.resolve(RunHistory.FILE_NAME));
        }
        Files.delete(run.resolve(RunHistory.COMPRESSED_FILE_NAME));
        if (owner != null) {
            Files.writeString(run.resolve(RunOwner.FILE_NAME), "pid=" + owner.pid() + " start-ms=" + owner.startMs() + "\n");
        }
        return run;
    }
}
