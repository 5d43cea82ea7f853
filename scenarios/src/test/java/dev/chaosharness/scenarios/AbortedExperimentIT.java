package dev.chaosharness.scenarios;

import dev.chaosharness.harness.experiment.ExperimentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentAbortedException;
import dev.chaosharness.harness.experiment.ExperimentListener;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An experiment that fails midway still stops every process it started and records why. */
class AbortedExperimentIT {

    @Test
    void failingMidwayLeavesNoProcessBehind() {
        AtomicReference<Path> runDir = new AtomicReference<>();
        ExperimentListener failAfterStart = new ExperimentListener() {
            @Override
            public void runStarted(RunDirectory dir) {
                runDir.set(dir.path());
            }

            @Override
            public void environmentReady(Environment environment) {
                environment.instance("payment-2").pause(); // a frozen process must be stopped too
                throw new IllegalStateException("failing on purpose after the environment came up");
            }
        };
        Experiment experiment = new Experiment(ExperimentFiles.load(Settings.SETTINGS, "checkout"), Settings.SETTINGS, failAfterStart);

        assertThatThrownBy(experiment::run).isInstanceOf(ExperimentAbortedException.class)
                .hasMessageContaining("failing on purpose");

        List<HistoryEvent> history = HistoryReader.read(runDir.get());
        assertThat(HistoryReader.ofType(history, HistoryEvent.RunFinished.class)).singleElement()
                .satisfies(f -> {
                    assertThat(f.outcome()).isEqualTo("aborted");
                    assertThat(f.message()).contains("failing on purpose");
                });
        assertThat(HistoryReader.ofType(history, HistoryEvent.LoadStarted.class)).isEmpty();
        assertThat(Analysis.read(runDir.get())).as("nothing judged from the boot").isNotEmpty()
                .allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.NOT_APPLICABLE));
        assertThat(runDir.get().resolve("index.html")).content().contains("ABORTED").contains("failing on purpose");
        assertThat(runDir.get().resolve("junit.xml")).content().contains("<error type=\"ABORTED\"");
        RunAssertions.noProcessOutlivedTheRun(history);
    }
}
