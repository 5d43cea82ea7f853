package dev.chaosharness.harness.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The thresholds an experiment's checks judge by, each under its own name ({@code maxGcPauseMs},
 * {@code sloP99Ms}, ...), set per experiment and written into the run's history (as
 * {@code threshold.*} parameters of {@code run-started}) so {@code analyze} judges a stored run
 * exactly as the run itself did. A name that is not a threshold, or a value of the wrong kind, is
 * rejected with the names there are.
 */
public record CheckThresholds(Map<String, String> values) {

    private static final String PREFIX = "threshold.";

    /** Every threshold with its kind, as they are printed and recorded. */
    private static final Map<String, Def> KNOWN = known();

    private enum Kind { WHOLE, DECIMAL }

    /** How a threshold is spelled in an experiment file ({@code checks.thresholds}), and its kind. */
    private record Def(String fileKey, Kind kind) {
    }

    public CheckThresholds {
        Map<String, String> checked = new LinkedHashMap<>();
        for (String name : KNOWN.keySet()) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("threshold '" + name + "' is missing");
            }
            checked.put(name, canonical(name, value));
        }
        values.keySet().forEach(CheckThresholds::requireKnown);
        values = Collections.unmodifiableMap(checked);
    }

    /** The defaults, with the experiment's latency SLO and the budget its clients send. */
    public static CheckThresholds defaults(long sloP99Ms, long budgetMs) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("maxEffectDuplicates", "0");
        values.put("maxStuckRequests", "0");
        values.put("maxGcPauseMs", "200");
        values.put("maxGcPauseShare", "0.05");
        values.put("gcShareWindowMs", "10000");
        values.put("maxFullGcs", "0");
        values.put("deadlineGraceMs", "100");
        values.put("retryBudget", "0");
        values.put("maxLeakedThreads", "10");
        values.put("sloP99Ms", Long.toString(sloP99Ms));
        values.put("p99DuringFaultMs", Long.toString(budgetMs + 100));
        values.put("maxErrorPercent", "1.0");
        values.put("recoveryWithinMs", "10000");
        return new CheckThresholds(values);
    }

    /** A copy with one threshold changed; an unknown name or a bad value is an IllegalArgumentException. */
    public CheckThresholds with(String name, Object value) {
        requireKnown(name);
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, String.valueOf(value));
        return new CheckThresholds(changed);
    }

    /**
     * A copy with the threshold spelled {@code fileKey} in an experiment file ({@code max-gc-pause-ms})
     * changed; an unknown key or a bad value is an IllegalArgumentException naming the keys there are.
     */
    public CheckThresholds withFileKey(String fileKey, String value) {
        String name = KNOWN.entrySet().stream().filter(e -> e.getValue().fileKey().equals(fileKey)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("'" + fileKey + "' is not a threshold; known: "
                        + KNOWN.values().stream().map(Def::fileKey).toList()));
        return with(name, value);
    }

    public static List<String> names() {
        return List.copyOf(KNOWN.keySet());
    }

    public int maxEffectDuplicates() {
        return (int) whole("maxEffectDuplicates");
    }

    public int maxStuckRequests() {
        return (int) whole("maxStuckRequests");
    }

    public double maxGcPauseMs() {
        return decimal("maxGcPauseMs");
    }

    public double maxGcPauseShare() {
        return decimal("maxGcPauseShare");
    }

    public long gcShareWindowMs() {
        return whole("gcShareWindowMs");
    }

    public int maxFullGcs() {
        return (int) whole("maxFullGcs");
    }

    public long deadlineGraceMs() {
        return whole("deadlineGraceMs");
    }

    public int retryBudget() {
        return (int) whole("retryBudget");
    }

    public int maxLeakedThreads() {
        return (int) whole("maxLeakedThreads");
    }

    public long sloP99Ms() {
        return whole("sloP99Ms");
    }

    public long p99DuringFaultMs() {
        return whole("p99DuringFaultMs");
    }

    public double maxErrorPercent() {
        return decimal("maxErrorPercent");
    }

    public long recoveryWithinMs() {
        return whole("recoveryWithinMs");
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
            if (key.startsWith(PREFIX) && KNOWN.containsKey(key.substring(PREFIX.length()))) {
                values.put(key.substring(PREFIX.length()), value);
            }
        });
        return new CheckThresholds(values);
    }

    private long whole(String name) {
        return Long.parseLong(values.get(name));
    }

    private double decimal(String name) {
        return Double.parseDouble(values.get(name));
    }

    private static void requireKnown(String name) {
        if (!KNOWN.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a threshold; known: " + KNOWN.keySet());
        }
    }

    private static String canonical(String name, String value) {
        String trimmed = value.strip();
        try {
            return switch (KNOWN.get(name).kind()) {
                case WHOLE -> Long.toString(Long.parseLong(trimmed));
                case DECIMAL -> Double.toString(Double.parseDouble(trimmed));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold '" + KNOWN.get(name).fileKey() + "' must be a "
                    + (KNOWN.get(name).kind() == Kind.WHOLE ? "whole number" : "number") + ", was '" + value + "'");
        }
    }

    private static Map<String, Def> known() {
        Map<String, Def> known = new LinkedHashMap<>();
        known.put("maxEffectDuplicates", new Def("max-effect-duplicates", Kind.WHOLE));
        known.put("maxStuckRequests", new Def("max-stuck-requests", Kind.WHOLE));
        known.put("maxGcPauseMs", new Def("max-gc-pause-ms", Kind.DECIMAL));
        known.put("maxGcPauseShare", new Def("max-gc-pause-share", Kind.DECIMAL));
        known.put("gcShareWindowMs", new Def("gc-share-window-ms", Kind.WHOLE));
        known.put("maxFullGcs", new Def("max-full-gcs", Kind.WHOLE));
        known.put("deadlineGraceMs", new Def("deadline-grace-ms", Kind.WHOLE));
        known.put("retryBudget", new Def("retry-budget", Kind.WHOLE));
        known.put("maxLeakedThreads", new Def("max-leaked-threads", Kind.WHOLE));
        known.put("sloP99Ms", new Def("slo-p99-ms", Kind.WHOLE));
        known.put("p99DuringFaultMs", new Def("p99-during-fault-ms", Kind.WHOLE));
        known.put("maxErrorPercent", new Def("max-error-percent", Kind.DECIMAL));
        known.put("recoveryWithinMs", new Def("recovery-within-ms", Kind.WHOLE));
        return Collections.unmodifiableMap(known);
    }
}
