package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import java.util.Optional;

/**
 * How a run is labelled on its page and in the index: ABORTED (the run broke, or its history has
 * no end), INTERRUPTED (stopped by a signal: never PASS, whatever the part that ran showed), or
 * the overall verdict of its checks.
 */
record RunOutcome(String cssClass, String label) {

    static RunOutcome of(Optional<HistoryEvent.RunFinished> finished, List<CheckResult> verdicts) {
        String outcome = finished.map(HistoryEvent.RunFinished::outcome).orElse("aborted");
        return switch (outcome) {
            case "aborted" -> new RunOutcome("fail", HtmlReport.symbol(Verdict.FAIL) + " ABORTED");
            case "interrupted" -> new RunOutcome("unknown", "&#9632; INTERRUPTED");
            default -> {
                Verdict overall = verdicts.isEmpty() ? Verdict.UNKNOWN : Analysis.overall(verdicts);
                yield new RunOutcome(overall.name().toLowerCase(),
                        HtmlReport.symbol(overall) + " " + (verdicts.isEmpty() ? "no verdicts" : overall));
            }
        };
    }
}
