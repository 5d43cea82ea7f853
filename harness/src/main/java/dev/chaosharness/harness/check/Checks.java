package dev.chaosharness.harness.check;

import java.util.List;
import java.util.OptionalDouble;

/** The checks an experiment runs; each is one line here, with its thresholds. */
public final class Checks {

    private Checks() {
    }

    /**
     * The defaults. {@code sloP99Ms} is the latency SLO outside fault windows; during them the
     * budget plus 100 ms must hold.
     */
    public static List<Check> defaults(long sloP99Ms, long budgetMs) {
        return List.of(
                new GatlingAssertionsCheck(),
                new DuplicateDeliveryCheck(),
                new GcPauseCheck(),
                new DeadlinePropagationCheck(),
                new ThreadLeakCheck(),
                new LatencySloCheck(sloP99Ms, budgetMs + 100),
                new ErrorBudgetCheck(1.0, OptionalDouble.empty()),
                new RecoveryTimeCheck(sloP99Ms, 10_000, 2_000));
    }
}
