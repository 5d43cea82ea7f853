package dev.chaosharness.scenarios;

import dev.chaosharness.harness.experiment.ExperimentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.DeadlinePropagationCheck;
import dev.chaosharness.harness.check.DuplicateDeliveryCheck;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.check.HeapGrowthCheck;
import dev.chaosharness.harness.check.ThreadLeakCheck;
import dev.chaosharness.harness.check.ErrorBudgetCheck;
import dev.chaosharness.harness.check.GatlingAssertionsCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.check.LatencySloCheck;
import dev.chaosharness.harness.check.RecoveryTimeCheck;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The defective half of each check's pair, and the slow-payment pair in full. The correct halves
 * of the other pairs are asserted where those runs happen: {@code consumer-churn} in
 * {@link ChaosProfilesIT} (DuplicateDeliveryCheck PASS) and {@code checkout} in
 * {@link CheckoutExperimentIT} (GcPauseCheck, HeapGrowthCheck and ThreadLeakCheck PASS).
 */
class DefectPairsIT {

    @Test
    void naiveCommitsUnderConsumerChurnDuplicateCaptures() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "consumer-churn-naive"), Settings.SETTINGS);
        print(result);

        assertThat(result.verdictsOf(DuplicateDeliveryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).as("each duplicate with its captures and its cause").isNotEmpty()
                    .allSatisfy(e -> assertThat(e).containsKey("id"));
        });
        assertThat(result.passed()).as("an experiment fails when one of its checks fails").isFalse();
        RunAssertions.failsExactlyOn(result, Set.of(DuplicateDeliveryCheck.NAME), RunAssertions.TIMING_CHECKS);
    }

    @Test
    void aGcHogInPaymentAndAThreadLeakInOrderAreEachCaughtWhereTheyAre() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "resource-defects"), Settings.SETTINGS);
        print(result);

        List<CheckResult> gc = result.verdictsOf(GcPauseCheck.NAME);
        assertThat(gc).filteredOn(v -> v.subject().startsWith("payment-")).isNotEmpty()
                .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL));
        List<CheckResult> threads = result.verdictsOf(ThreadLeakCheck.NAME);
        assertThat(threads).filteredOn(v -> v.subject().equals("order-1")).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).anySatisfy(e -> assertThat(e.get("pattern")).isEqualTo("order-audit-N"));
        });
        assertThat(threads).filteredOn(v -> v.subject().startsWith("payment-"))
                .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        // the hog fills half of payment's heap in the warm-up and then replaces its oldest: a live set
        // that is large but does not grow under the load (152 MB before and after, seen), no leak
        assertThat(result.verdictsOf(HeapGrowthCheck.NAME)).isNotEmpty()
                .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        // Payment instances paused by their own GC answer late or not at all: the deadline, the
        // error budget and Gatling's bounds may fail with them; captures stay exactly-once.
        RunAssertions.failsExactlyOn(result, Set.of(GcPauseCheck.NAME, ThreadLeakCheck.NAME), Set.of(
                DeadlinePropagationCheck.NAME, ErrorBudgetCheck.NAME, GatlingAssertionsCheck.NAME, LatencySloCheck.NAME,
                RecoveryTimeCheck.NAME));
    }

    /** The correct half of the pair is checkout in {@link CheckoutExperimentIT}. */
    @Test
    void anUnboundedCacheInOrderFailsTheHeapCheckAndNothingElse() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "heap-leak"), Settings.SETTINGS);
        print(result);

        List<CheckResult> heap = result.verdictsOf(HeapGrowthCheck.NAME);
        assertThat(heap).filteredOn(v -> v.subject().equals("order-1")).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.summary()).contains("byte[]").contains("RequestCache.remember");
        });
        assertThat(heap).filteredOn(v -> v.subject().startsWith("payment-")).isNotEmpty()
                .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        RunAssertions.failsExactlyOn(result, Set.of(HeapGrowthCheck.NAME), Set.of());
    }

    /** The correct half of the pair is payment-latency in {@link ChaosProfilesIT}: no FAIL at all. */
    @Test
    void withoutVoidingOrphanGrantsFailTheDeadlineCheck() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "payment-latency-no-void"), Settings.SETTINGS);
        print(result);

        assertThat(result.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).anySatisfy(e -> assertThat(e.get("kind")).isEqualTo("orphan call"));
        });
        RunAssertions.failsExactlyOn(result, Set.of(DeadlinePropagationCheck.NAME), RunAssertions.TIMING_CHECKS);
    }

    @Test
    void deadlinePropagationPassesWithItAndFailsWithout() {
        ExperimentResult propagated = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "slow-payment"), Settings.SETTINGS);
        ExperimentResult ignored = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "slow-payment-no-propagation"), Settings.SETTINGS);
        print(propagated);
        print(ignored);

        assertThat(propagated.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement()
                .satisfies(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        assertThat(ignored.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            // What the defect always does; late answers and orphan payments follow from it by timing.
            assertThat(v.evidence()).anySatisfy(e -> assertThat(e.get("kind")).isEqualTo("budget not propagated"));
        });
        assertThat(propagated.verdicts()).as("the correct variant").noneMatch(v -> v.verdict() == Verdict.FAIL
                && !RunAssertions.TIMING_CHECKS.contains(v.check()));
        // Payment working past the deadline makes answers late: the p99, Gatling's bound and the error
        // budget follow; captures and threads do not move.
        RunAssertions.failsExactlyOn(ignored, Set.of(DeadlinePropagationCheck.NAME), Set.of(LatencySloCheck.NAME,
                GatlingAssertionsCheck.NAME, ErrorBudgetCheck.NAME, GcPauseCheck.NAME));
    }

    private static void print(ExperimentResult result) {
        result.verdicts().forEach(v -> System.out.println(result.runDir().runId() + ": " + v));
    }
}
