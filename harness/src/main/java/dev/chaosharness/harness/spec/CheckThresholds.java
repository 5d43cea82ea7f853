package dev.chaosharness.harness.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of every {@link Threshold} for one experiment, set per experiment and written into the
 * run's history (as {@code threshold.*} parameters of {@code run-started}) so {@code analyze} judges
 * a stored run exactly as the run itself did. A name that is not a threshold, or a value of the
 * wrong kind, is rejected with the names there are. Each value is parsed once, here, and read as
 * {@code get(Threshold)}: a {@code Long} for a whole-number threshold, a {@code Double} for the others.
 */
public final class CheckThresholds {

    private static final String PREFIX = "threshold.";
    /** Calls beyond the first, as runs before {@code maxAttempts} recorded it. */
    private static final String LEGACY_RETRY_BUDGET = "retryBudget";

    /** As written in the history, by history name. */
    private final Map<String, String> values;
    private final Map<Threshold, Number> parsed = new EnumMap<>(Threshold.class);

    @JsonCreator
    public CheckThresholds(@JsonProperty("values") Map<String, String> values) {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Threshold threshold : Threshold.values()) {
            String value = values.get(threshold.historyName());
            if (value == null) {
                value = recordedBefore(threshold, values);
            }
            checked.put(threshold.historyName(), threshold.canonical(value));
            String canonical = checked.get(threshold.historyName());
            parsed.put(threshold, threshold.kind() == Threshold.Kind.WHOLE ? (Number) Long.valueOf(canonical)
                    : (Number) Double.valueOf(canonical));
        }
        values.keySet().stream().filter(name -> !name.equals(LEGACY_RETRY_BUDGET)).forEach(CheckThresholds::byName);
        this.values = Collections.unmodifiableMap(checked);
    }

    @JsonProperty("values")
    public Map<String, String> values() {
        return values;
    }

    /** Its value: a {@code Long} for a {@link Threshold.Kind#WHOLE} threshold, else a {@code Double}. */
    public Number get(Threshold threshold) {
        return parsed.get(threshold);
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

    /** Its value, or {@code max-attempts} where it is 0 (its default). */
    public double maxAmplification() {
        double set = get(Threshold.MAX_AMPLIFICATION).doubleValue();
        return set == 0 ? get(Threshold.MAX_ATTEMPTS).doubleValue() : set;
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

    @Override
    public boolean equals(Object other) {
        return other instanceof CheckThresholds that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "CheckThresholds" + values;
    }
}
