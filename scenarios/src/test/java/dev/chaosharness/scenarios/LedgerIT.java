package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.CompletionCheck;
import dev.chaosharness.harness.check.DeadlinePropagationCheck;
import dev.chaosharness.harness.check.DuplicateDeliveryCheck;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The second example system (scenarios/ledger): a plain-Java gateway, a Python risk service and a
 * consumer-only Spring Kafka writer with Long keys, declared in files the harness knows nothing
 * else about. Under consumer churn the transactional writer posts each transfer once; its
 * auto-commit profile posts some twice. On the container runtime the Python service (a command)
 * is left out: system-jvm.yaml.
 */
class LedgerIT {

    private static Map<String, String> forThisRuntime() {
        return Settings.onProcesses() ? Map.of() : Map.of("system", "../system-jvm.yaml");
    }

    @Test
    void theTransactionalWriterPostsEachTransferOnceUnderChurn() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-churn", forThisRuntime()), Settings.SETTINGS);
        print(result);

        assertThat(result.verdictsOf(DuplicateDeliveryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("ledger");
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
        });
        assertThat(result.verdicts()).as("the correct system: no check FAILs")
                .noneMatch(v -> v.verdict() == Verdict.FAIL);
        assertThat(result.runVerdict()).as("the correct system PASSes overall: %s", result.verdicts())
                .isEqualTo(RunVerdict.PASS);
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());
        RunAssertions.faultWindowsKeptTheirTime(history);
        assertThat(HistoryReader.ofType(history, HistoryEvent.ConsumerGroupObserved.class))
                .as("the group's rebalances were watched").extracting(HistoryEvent.ConsumerGroupObserved::group)
                .contains("ledger");
        if (forThisRuntime().isEmpty()) {
            assertThat(result.verdictsOf(GcPauseCheck.NAME)).filteredOn(v -> v.subject().equals("risk-1")).singleElement()
                    .satisfies(v -> {
                        assertThat(v.verdict()).as("a Python service is no JVM: the JVM checks do not apply")
                                .isEqualTo(Verdict.NOT_APPLICABLE);
                        assertThat(v.summary()).startsWith("not a JVM");
                    });
        }
        RunAssertions.noProcessOutlivedTheRun(history);
    }

    @Test
    void theAutoCommitWriterPostsSomeTransfersTwice() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-churn-auto-commit", forThisRuntime()), Settings.SETTINGS);
        print(result);

        assertThat(result.verdictsOf(DuplicateDeliveryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).as("each duplicate with its effects and the rebalance before it")
                    .anySatisfy(e -> assertThat(e).containsEntry("kind", "duplicate").containsKey("attributedTo"));
        });
        assertThat(result.passed()).isFalse();
        RunAssertions.failsExactlyOn(result, Set.of(DuplicateDeliveryCheck.NAME), RunAssertions.TIMING_CHECKS);
    }

    /**
     * The gateway->risk hop, judged from the fault proxy's observations alone: neither service
     * writes a deadline line, and risk is no JVM. Local runtime only (risk is a command).
     */
    @Test
    void theRiskHopIsJudgedFromTheWirePassingWithTheBudgetAndFailingWithout() {
        Assumptions.assumeTrue(forThisRuntime().isEmpty(), "risk, a command, runs on the local runtime only");
        ExperimentResult propagated = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-deadline"), Settings.SETTINGS);
        ExperimentResult dropped = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-deadline-dropped"), Settings.SETTINGS);
        print(propagated);
        print(dropped);

        assertThat(propagated.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
            assertThat(v.measured()).as("every call tied to its transfer request by the forwarded X-Request-Id")
                    .containsPattern("wire: (\\d+) calls observed, 0 without a budget.* \\1 tied to their caller's request: "
                            + "0 given more than the caller had left, 0 answered 2xx after the caller's deadline");
        });
        assertThat(propagated.verdicts()).as("the correct system passes").noneMatch(v -> v.verdict() == Verdict.FAIL);
        assertThat(dropped.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "no budget on the wire")
                    .containsEntry("link", "gateway->risk-1").containsKey("requestAtMs"));
        });
        // The defect moves nothing but the budget header: every other check judges the same run shape.
        assertThat(dropped.verdicts()).filteredOn(v -> v.verdict() == Verdict.FAIL).extracting(CheckResult::check)
                .containsOnly(DeadlinePropagationCheck.NAME);
    }

    /**
     * Completion: the writers cannot reach risk for 6 s. Retrying, every accepted transfer is posted
     * (PASS overall); dropping what failed, the transfers of those 6 s are stuck, and only
     * CompletionCheck FAILs, naming them. Local runtime only (risk is a command).
     */
    @Test
    void everyAcceptedTransferIsPostedUnlessTheWriterDropsWhatFailed() {
        Assumptions.assumeTrue(forThisRuntime().isEmpty(), "risk, a command, runs on the local runtime only");
        ExperimentResult retried = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-completion"), Settings.SETTINGS);
        ExperimentResult dropped = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-completion-drop-on-error"), Settings.SETTINGS);
        print(retried);
        print(dropped);

        assertThat(retried.verdictsOf(CompletionCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
            assertThat(v.measured()).startsWith("0 of ");
        });
        assertThat(retried.verdicts()).as("the correct system: no check FAILs").noneMatch(v -> v.verdict() == Verdict.FAIL);
        assertThat(dropped.verdictsOf(CompletionCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).isNotEmpty().allSatisfy(e -> assertThat(e).containsEntry("kind", "stuck")
                    .containsEntry("lastState", "no record").containsKey("fault"));
        });
        assertThat(dropped.verdicts()).filteredOn(v -> v.verdict() == Verdict.FAIL).extracting(CheckResult::check)
                .containsOnly(CompletionCheck.NAME);
        RunAssertions.faultWindowsKeptTheirTime(HistoryReader.read(dropped.runDir().path()));
    }

    private static void print(ExperimentResult result) {
        result.verdicts().stream().map(CheckResult::toString).forEach(v -> System.out.println(result.runDir().runId() + ": " + v));
    }
}
