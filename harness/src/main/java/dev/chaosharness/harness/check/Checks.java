package dev.chaosharness.harness.check;

import static dev.chaosharness.harness.spec.Threshold.*;

import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.spec.Threshold;
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
        checks.add(new DuplicateDeliveryCheck(duplicates, whole(thresholds, MAX_EFFECT_DUPLICATES)));
        checks.add(new GcPauseCheck(decimal(thresholds, MAX_GC_PAUSE_MS), decimal(thresholds, MAX_GC_PAUSE_SHARE),
                whole(thresholds, GC_SHARE_WINDOW_MS), whole(thresholds, MAX_FULL_GCS), spec.jvmServices()));
        checks.add(new DeadlinePropagationCheck(spec.deadlines(), duplicates.stream().map(DuplicateSubject::effects).toList(),
                whole(thresholds, DEADLINE_GRACE_MS), whole(thresholds, MAX_ATTEMPTS)));
        checks.add(new RetryCheck(whole(thresholds, MAX_ATTEMPTS), thresholds.maxAmplification(),
                whole(thresholds, MIN_BACKOFF_MS), whole(thresholds, DEADLINE_GRACE_MS)));
        checks.add(new HeapGrowthCheck(decimal(thresholds, MAX_HEAP_GROWTH_MB_PER_MIN),
                decimal(thresholds, MIN_FULL_GC_RECLAIM_PERCENT), spec.jvmServices()));
        checks.add(new ConnectionLeakCheck(spec.connections(), whole(thresholds, MAX_CONNECTION_GROWTH)));
        checks.add(new ThreadLeakCheck(whole(thresholds, MAX_LEAKED_THREADS), spec.jvmServices()));
        checks.add(new LatencySloCheck(whole(thresholds, SLO_P99_MS), whole(thresholds, P99_DURING_FAULT_MS)));
        checks.add(new ErrorBudgetCheck(decimal(thresholds, MAX_ERROR_PERCENT)));
        checks.add(new CompletionCheck(spec.completion(), whole(thresholds, MAX_STUCK_REQUESTS)));
        checks.add(new FaultsAppliedCheck());
        checks.add(new RecoveryTimeCheck(whole(thresholds, SLO_P99_MS), whole(thresholds, RECOVERY_WITHIN_MS), 2_000));
        checks.add(new LagRecoveryCheck(whole(thresholds, MAX_LAG_RECOVERY_SECONDS) * 1000));
        return checks;
    }

    private static int whole(CheckThresholds thresholds, Threshold threshold) {
        return Math.toIntExact(thresholds.get(threshold).longValue());
    }

    private static double decimal(CheckThresholds thresholds, Threshold threshold) {
        return thresholds.get(threshold).doubleValue();
    }

}
