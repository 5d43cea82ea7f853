package dev.chaosharness.harness.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The thresholds an experiment's checks judge by, set per experiment and written into the run's
 * history (as {@code threshold.*} parameters of {@code run-started}) so {@code analyze} judges a
 * stored run exactly as the run itself did.
 */
public record CheckThresholds(
        int maxEffectDuplicates,
        double maxGcPauseMs,
        double maxGcPauseShare,
        long gcShareWindowMs,
        long deadlineGraceMs,
        int paymentRetryBudget,
        int maxThreadGrowth,
        long sloP99Ms,
        long p99DuringFaultMs,
        double maxErrorPercent,
        long recoveryWithinMs) {

    private static final String PREFIX = "threshold.";

    /** The defaults, with the experiment's latency SLO and the budget its clients send. */
    public static CheckThresholds defaults(long sloP99Ms, long budgetMs) {
        return new CheckThresholds(0, 200, 0.05, 10_000, 100, 0, 50, sloP99Ms, budgetMs + 100, 1.0, 10_000);
    }

    public List<Check> checks() {
        return List.of(
                new GatlingAssertionsCheck(),
                new DuplicateDeliveryCheck(maxEffectDuplicates),
                new GcPauseCheck(maxGcPauseMs, maxGcPauseShare, gcShareWindowMs),
                new DeadlinePropagationCheck(deadlineGraceMs, paymentRetryBudget),
                new ThreadLeakCheck(maxThreadGrowth),
                new LatencySloCheck(sloP99Ms, p99DuringFaultMs),
                new ErrorBudgetCheck(maxErrorPercent, OptionalDouble.empty()),
                new RecoveryTimeCheck(sloP99Ms, recoveryWithinMs, 2_000));
    }

    public Map<String, String> toParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(PREFIX + "maxEffectDuplicates", Integer.toString(maxEffectDuplicates));
        parameters.put(PREFIX + "maxGcPauseMs", Double.toString(maxGcPauseMs));
        parameters.put(PREFIX + "maxGcPauseShare", Double.toString(maxGcPauseShare));
        parameters.put(PREFIX + "gcShareWindowMs", Long.toString(gcShareWindowMs));
        parameters.put(PREFIX + "deadlineGraceMs", Long.toString(deadlineGraceMs));
        parameters.put(PREFIX + "paymentRetryBudget", Integer.toString(paymentRetryBudget));
        parameters.put(PREFIX + "maxThreadGrowth", Integer.toString(maxThreadGrowth));
        parameters.put(PREFIX + "sloP99Ms", Long.toString(sloP99Ms));
        parameters.put(PREFIX + "p99DuringFaultMs", Long.toString(p99DuringFaultMs));
        parameters.put(PREFIX + "maxErrorPercent", Double.toString(maxErrorPercent));
        parameters.put(PREFIX + "recoveryWithinMs", Long.toString(recoveryWithinMs));
        return parameters;
    }

    /** The thresholds a run recorded; any missing one takes its default from {@code fallback}. */
    public static CheckThresholds fromParameters(Map<String, String> parameters, CheckThresholds fallback) {
        Map<String, String> given = parameters;
        Map<String, String> base = fallback.toParameters();
        Function<String, String> value = key -> given.getOrDefault(PREFIX + key, base.get(PREFIX + key));
        return new CheckThresholds(
                Integer.parseInt(value.apply("maxEffectDuplicates")),
                Double.parseDouble(value.apply("maxGcPauseMs")),
                Double.parseDouble(value.apply("maxGcPauseShare")),
                Long.parseLong(value.apply("gcShareWindowMs")),
                Long.parseLong(value.apply("deadlineGraceMs")),
                Integer.parseInt(value.apply("paymentRetryBudget")),
                Integer.parseInt(value.apply("maxThreadGrowth")),
                Long.parseLong(value.apply("sloP99Ms")),
                Long.parseLong(value.apply("p99DuringFaultMs")),
                Double.parseDouble(value.apply("maxErrorPercent")),
                Long.parseLong(value.apply("recoveryWithinMs")));
    }
}
