package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.DuplicateDeliveryCheck;
import dev.chaosharness.harness.check.ErrorBudgetCheck;
import dev.chaosharness.harness.check.ThreadLeakCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Nightly only ({@code -Psoak}; not in {@code mvn verify}): the experiment {@code soak}, checkout ramped
 * to 100 orders/s over 2 minutes and held there for 10, with 500 ms on every order->payment link for 20 s every 2 minutes.
 * The correct services keep their promises: no duplicate or lost capture, no error outside the
 * windows, and the pools each window grows are not reported as leaks; a timing check may FAIL on two
 * shared cores (the overall verdict is then FAIL, which this test allows). The run's history and page
 * stay small.
 */
class SoakIT {

    @Test
    void tenMinutesAtAHundredPerSecondUnderAPeriodicFaultLoseNothingLeakNothingAndStaySmall() throws Exception {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "soak"), Settings.SETTINGS);
        Path runDir = result.runDir().path();
        List<HistoryEvent> context = HistoryReader.readContext(runDir);

        assertThat(result.verdicts()).filteredOn(v -> v.check().equals(ThreadLeakCheck.NAME)).isNotEmpty()
                .allSatisfy(v -> assertThat(v.verdict()).as("%s", v).isEqualTo(Verdict.PASS));
        assertThat(result.verdicts()).filteredOn(v -> Set.of(DuplicateDeliveryCheck.NAME, ErrorBudgetCheck.NAME)
                .contains(v.check())).isNotEmpty().allSatisfy(v -> assertThat(v.verdict()).as("%s", v).isEqualTo(Verdict.PASS));
        Set<String> failed = result.verdicts().stream().filter(v -> v.verdict() == Verdict.FAIL).map(CheckResult::check)
                .collect(Collectors.toSet());
        assertThat(failed).as("only a timing check may fail on two shared cores: %s", result.verdicts())
                .isSubsetOf(RunAssertions.TIMING_CHECKS);

        assertThat(HistoryReader.ofType(context, HistoryEvent.FaultRolledBack.class)).hasSize(5);
        long[] requests = {0};
        HistoryReader.forEach(runDir, type -> type.equals("request"), e -> requests[0]++);
        assertThat(requests[0]).as("requests in 120 s of ramp and 600 s at 100/s").isGreaterThan(60_000);
        assertThat(Files.size(runDir.resolve(RunHistory.COMPRESSED_FILE_NAME)))
                .as("at most 100 MB an hour: %d requests", requests[0]).isLessThan(100_000_000L * 720 / 3600);
        assertThat(Files.size(runDir.resolve(HtmlReport.FILE_NAME))).as("the run page").isLessThan(2_000_000L);
        RunAssertions.noProcessOutlivedTheRun(context);
    }
}
