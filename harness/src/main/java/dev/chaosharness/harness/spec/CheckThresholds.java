package dev.chaosharness.harness.spec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of every {@link Threshold} for one experiment, set per experiment and written into the
 * run's history (as {@code threshold.*} parameters of {@code run-started}) so {@code analyze} judges
 * a stored run exactly as the run itself did. A name that is not a threshold, or a value of the
 * wrong kind, is rejected with the names there are.
 */
public record CheckThresholds(Map<String, String> values) {

    private static final String PREFIX = "threshold.";
    /** Calls beyond the first, as runs before {@code maxAttempts} recorded it. */
    private static final String LEGACY_RETRY_BUDGET = "retryBudget";

    public CheckThresholds {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Threshold threshold : Threshold.values()) {
            String value = values.get(threshold.historyName());
            if (value == null) {
                value = recordedBefore(threshold, values);
            }
            checked.put(threshold.historyName(), threshold.canonical(value));
        }
        values.keySet().stream().filter(name -> !name.equals(LEGACY_RETRY_BUDGET)).forEach(CheckThresholds::byName);
        values = Collections.unmodifiableMap(checked);
    }

    /**
     * A threshold a run recorded before it existed: its default (a stored run is judged as it was),
     * {@code maxAttempts} from the retry budget it replaced; one with a derived default is an error.
     */
    private static String recordedBefore(Threshold threshold, Map<String, String> values) {
        if (threshold == Threshold.MAX_ATTEMPTS && values.containsKey(LEGACY_RETRY_BUDGET)) {
            return Long.toString(Long.parseLong(values.get(LEGACY_RETRY_BUDGET).strip()) + 1);
        }
        if (threshold == Threshold.MAX_AMPLIFICATION) {
            return "0";
        }
        if (threshold.defaultText().startsWith("(")) {
            throw new IllegalArgumentException("threshold '" + threshold.historyName() + "' is missing");
        }
        return threshold.defaultText();
    }

    /** The defaults, with the experiment's latency SLO and the budget its clients send. */
    public static CheckThresholds defaults(long sloP99Ms, long budgetMs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Threshold threshold : Threshold.values()) {
            values.put(threshold.historyName(), threshold.defaultFor(sloP99Ms, budgetMs));
        }
        return new CheckThresholds(values);
    }

    /** A copy with one threshold changed; a bad value is an IllegalArgumentException. */
    public CheckThresholds with(Threshold threshold, Object value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(threshold.historyName(), String.valueOf(value));
        return new CheckThresholds(changed);
    }

    /** A copy with the threshold of this history name changed; an unknown name is an IllegalArgumentException. */
    public CheckThresholds with(String name, Object value) {
        return with(byName(name), value);
    }

    /**
     * A copy with the threshold spelled {@code fileKey} in an experiment file ({@code max-gc-pause-ms})
     * changed; an unknown key or a bad value is an IllegalArgumentException naming the keys there are.
     */
    public CheckThresholds withFileKey(String fileKey, String value) {
        Threshold threshold = Arrays.stream(Threshold.values()).filter(t -> t.fileKey().equals(fileKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + fileKey + "' is not a threshold; known: "
                        + Arrays.stream(Threshold.values()).map(Threshold::fileKey).toList()));
        return with(threshold, value);
    }

    public static List<String> names() {
        return Arrays.stream(Threshold.values()).map(Threshold::historyName).toList();
    }

    public long whole(Threshold threshold) {
        return Long.parseLong(values.get(threshold.historyName()));
    }

    public double decimal(Threshold threshold) {
        return Double.parseDouble(values.get(threshold.historyName()));
    }

    public int maxEffectDuplicates() {
        return (int) whole(Threshold.MAX_EFFECT_DUPLICATES);
    }

    public int maxStuckRequests() {
        return (int) whole(Threshold.MAX_STUCK_REQUESTS);
    }

    public double maxGcPauseMs() {
        return decimal(Threshold.MAX_GC_PAUSE_MS);
    }

    public double maxGcPauseShare() {
        return decimal(Threshold.MAX_GC_PAUSE_SHARE);
    }

    public long gcShareWindowMs() {
        return whole(Threshold.GC_SHARE_WINDOW_MS);
    }

    public int maxFullGcs() {
        return (int) whole(Threshold.MAX_FULL_GCS);
    }

    public long deadlineGraceMs() {
        return whole(Threshold.DEADLINE_GRACE_MS);
    }

    public int maxAttempts() {
        return (int) whole(Threshold.MAX_ATTEMPTS);
    }

    /** Its value, or {@link #maxAttempts()} where it is 0 (its default). */
    public double maxAmplification() {
        double set = decimal(Threshold.MAX_AMPLIFICATION);
        return set == 0 ? maxAttempts() : set;
    }

    public long minBackoffMs() {
        return whole(Threshold.MIN_BACKOFF_MS);
    }

    public int maxLeakedThreads() {
        return (int) whole(Threshold.MAX_LEAKED_THREADS);
    }

    public long sloP99Ms() {
        return whole(Threshold.SLO_P99_MS);
    }

    public long p99DuringFaultMs() {
        return whole(Threshold.P99_DURING_FAULT_MS);
    }

    public double maxErrorPercent() {
        return decimal(Threshold.MAX_ERROR_PERCENT);
    }

    public long recoveryWithinMs() {
        return whole(Threshold.RECOVERY_WITHIN_MS);
    }

    public long maxLagRecoverySeconds() {
        return whole(Threshold.MAX_LAG_RECOVERY_SECONDS);
    }

    public Map<String, String> toParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        values.forEach((name, value) -> parameters.put(PREFIX + name, value));
        return parameters;
    }

    /** The thresholds a run recorded; any missing one takes its value from {@code fallback}. */
    public static CheckThresholds fromParameters(Map<String, String> parameters, CheckThresholds fallback) {
        Map<String, String> values = new LinkedHashMap<>(fallback.values);
        parameters.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && names().contains(key.substring(PREFIX.length()))) {
                values.put(key.substring(PREFIX.length()), value);
            }
        });
        return new CheckThresholds(values);
    }

    private static Threshold byName(String name) {
        return Arrays.stream(Threshold.values()).filter(t -> t.historyName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a threshold; known: " + names()));
    }
}
