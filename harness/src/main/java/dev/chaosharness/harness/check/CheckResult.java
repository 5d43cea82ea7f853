package dev.chaosharness.harness.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check decided about one subject (a service, the capture group, the load): the verdict,
 * the measured value against its threshold, a one-line summary and the evidence behind it
 * (the records, pauses or requests that made the difference), so a report can show why.
 *
 * @param figures the headline numbers behind the verdict, by a name that carries the unit
 *                ({@code "p99 ms"}, {@code "duplicates"}); for each, lower is better. A run is
 *                compared with an earlier one of the same experiment by these.
 */
public record CheckResult(String check, String subject, Verdict verdict, String measured, String threshold,
                          String summary, List<Map<String, Object>> evidence, Map<String, Double> figures) {

    public CheckResult {
        evidence = List.copyOf(evidence);
        figures = figures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    public CheckResult(String check, String subject, Verdict verdict, String measured, String threshold, String summary,
                       List<Map<String, Object>> evidence) {
        this(check, subject, verdict, measured, threshold, summary, evidence, Map.of());
    }

    /** This result with its headline figures, as given. */
    public CheckResult withFigures(Map<String, Double> newFigures) {
        return new CheckResult(check, subject, verdict, measured, threshold, summary, evidence, newFigures);
    }

    /** {@code name, value, name, value, ...}: the figures as given. */
    public CheckResult withFigures(Object... nameThenValue) {
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameThenValue.length; i += 2) {
            ordered.put((String) nameThenValue[i], ((Number) nameThenValue[i + 1]).doubleValue());
        }
        return withFigures(ordered);
    }

    public static CheckResult unknown(String check, String subject, String threshold, String why) {
        return new CheckResult(check, subject, Verdict.UNKNOWN, "no data", threshold, why, List.of());
    }

    /** The run has nothing this check judges (e.g. no fault window): said, and left out of the overall verdict. */
    public static CheckResult notApplicable(String check, String subject, String threshold, String why) {
        return new CheckResult(check, subject, Verdict.NOT_APPLICABLE, "not applicable", threshold, why, List.of());
    }

    @Override
    public String toString() {
        return check + "[" + subject + "] " + verdict + ": " + measured + " (threshold " + threshold + ") - " + summary;
    }
}
