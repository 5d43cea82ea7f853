package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.ErrorBudgetCheck;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.ThreadLeakCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * scenarios/quotes: services that are not ours (WireMock's standalone jar from Maven Central, an
 * edge proxying to a stub that reads its mapping from its working-dir), declared in files as a team
 * would declare its own. Under a latency window inside the budget the system PASSes, and the JVM
 * checks judge two Jetty servers the harness was not written for: their worker pools grow with the
 * load, which is no leak, and each JVM's live threads are counted before and after the load.
 */
class ThirdPartyServicesIT {

    @Test
    void twoWireMockServersPassALatencyWindowAndTheirGrownJettyPoolsAreNoLeak() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "quotes-latency"), Settings.SETTINGS);
        result.verdicts().forEach(v -> System.out.println(result.runDir().runId() + ": " + v));

        assertThat(result.verdictsOf(ErrorBudgetCheck.NAME)).as("the stub answered from its working-dir's mapping")
                .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        assertThat(result.verdictsOf(ThreadLeakCheck.NAME)).extracting(v -> v.subject())
                .containsExactlyInAnyOrder("edge-1", "quotes-1");
        assertThat(result.verdictsOf(ThreadLeakCheck.NAME)).allSatisfy(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
            assertThat(v.measured()).as("counted before and after the load").containsPattern("^\\d+ before, \\d+ after");
            assertThat(v.figures()).containsEntry("threads unaccounted", 0.0);
        });
        assertThat(result.verdictsOf(ThreadLeakCheck.NAME)).filteredOn(v -> v.subject().equals("edge-1")).singleElement()
                .satisfies(v -> assertThat(v.figures().get("threads alive from the load"))
                        .as("the edge's Jetty grew its pool for the requests the window held: %s", v).isPositive());
        assertThat(result.runVerdict()).as("%s", result.verdicts()).isEqualTo(RunVerdict.PASS);
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());
        RunAssertions.faultWindowsKeptTheirTime(history);
        RunAssertions.noProcessOutlivedTheRun(history);
    }
}
