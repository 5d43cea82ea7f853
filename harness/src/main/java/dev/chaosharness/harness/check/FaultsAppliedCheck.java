package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the run did what its profile declares: every window applied, and rolled back. A window
 * that could not be applied (a target that would not be killed, a proxy that refused the toxic)
 * leaves the run untested on that fault, and one that could not be rolled back leaves the later
 * phases judged under a fault nobody declared: either makes this check UNKNOWN, with the error, so
 * the run cannot PASS on what it did not do. NOT_APPLICABLE without a fault window.
 */
public final class FaultsAppliedCheck implements Check {

    public static final String NAME = "FaultsAppliedCheck";
    private static final String THRESHOLD = "every declared window applied and rolled back";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        List<HistoryEvent.FaultApplied> applied = run.all(HistoryEvent.FaultApplied.class);
        List<HistoryEvent.FaultFailed> failed = run.all(HistoryEvent.FaultFailed.class).stream()
                .filter(f -> !f.phase().equals("recover")).toList(); // a failed recovery is the system's, judged by RecoveryTimeCheck
        if (applied.isEmpty() && failed.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "fault schedule", THRESHOLD, "no fault window in this run"));
        }
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (HistoryEvent.FaultFailed failure : failed) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "could not " + failure.phase());
            row.put("window", failure.window());
            row.put("action", failure.action());
            row.put("error", failure.error());
            evidence.add(row);
        }
        String measured = applied.size() + " windows applied, " + failed.stream().filter(f -> f.phase().equals("apply")).count()
                + " could not be applied, " + failed.stream().filter(f -> f.phase().equals("rollback")).count()
                + " could not be rolled back";
        if (failed.isEmpty()) {
            return List.of(new CheckResult(NAME, "fault schedule", Verdict.PASS, measured, THRESHOLD,
                    "the run did what its profile declares", evidence));
        }
        HistoryEvent.FaultFailed first = failed.get(0);
        return List.of(new CheckResult(NAME, "fault schedule", Verdict.UNKNOWN, measured, THRESHOLD,
                "the run did not do what its profile declares (window " + first.window() + ", " + first.action() + ": "
                        + first.error() + "): what it did not do is untested", evidence));
    }
}
