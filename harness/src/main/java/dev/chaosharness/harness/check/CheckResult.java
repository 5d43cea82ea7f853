package dev.chaosharness.harness.check;

import java.util.List;
import java.util.Map;

/**
 * What a check decided about one subject (a service, the capture group, the load): the verdict,
 * the measured value against its threshold, a one-line summary and the evidence behind it
 * (the records, pauses or requests that made the difference), so a report can show why.
 */
public record CheckResult(String check, String subject, Verdict verdict, String measured, String threshold,
                          String summary, List<Map<String, Object>> evidence) {

    public CheckResult {
        evidence = List.copyOf(evidence);
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
