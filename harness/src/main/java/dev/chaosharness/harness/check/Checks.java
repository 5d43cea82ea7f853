package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.spec.DuplicateSubject;
import java.util.ArrayList;
import java.util.List;

/** The checks there are: each built from an experiment's declarations ({@link CheckSpec}). */
public final class Checks {

    private Checks() {
    }

    /** Every check, each with its subjects: one line each (harness/README.md has the recipe). */
    public static List<Check> of(CheckSpec spec) {
        CheckThresholds thresholds = spec.thresholds();
        List<DuplicateSubject> duplicates = spec.duplicates();
        List<Check> checks = new ArrayList<>();
        checks.add(new GatlingAssertionsCheck());
        checks.add(new DuplicateDeliveryCheck(duplicates, thresholds.maxEffectDuplicates()));
        checks.add(new GcPauseCheck(thresholds.maxGcPauseMs(), thresholds.maxGcPauseShare(), thresholds.gcShareWindowMs(),
                thresholds.maxFullGcs(), spec.jvmServices()));
        checks.add(new DeadlinePropagationCheck(spec.deadlines(), duplicates.stream().map(DuplicateSubject::effects).toList(),
                thresholds.deadlineGraceMs(), thresholds.maxAttempts()));
        checks.add(new RetryCheck(thresholds.maxAttempts(), thresholds.maxAmplification(), thresholds.minBackoffMs(),
                thresholds.deadlineGraceMs()));
        checks.add(new ThreadLeakCheck(thresholds.maxLeakedThreads(), spec.jvmServices()));
        checks.add(new LatencySloCheck(thresholds.sloP99Ms(), thresholds.p99DuringFaultMs()));
        checks.add(new ErrorBudgetCheck(thresholds.maxErrorPercent()));
        checks.add(new CompletionCheck(spec.completion(), thresholds.maxStuckRequests()));
        checks.add(new FaultsAppliedCheck());
        checks.add(new RecoveryTimeCheck(thresholds.sloP99Ms(), thresholds.recoveryWithinMs(), 2_000));
        checks.add(new LagRecoveryCheck(thresholds.maxLagRecoverySeconds() * 1000));
        return checks;
    }

}
