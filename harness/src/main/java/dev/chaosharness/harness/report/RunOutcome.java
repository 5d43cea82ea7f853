package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import java.util.Optional;

/**
 * How a run is labelled on its page and in the index: its {@link RunVerdict} (ABORTED when its
 * history has no end), with the reason an aborted run gives.
 */
record RunOutcome(RunVerdict verdict, String reason) {

    static RunOutcome of(Optional<HistoryEvent.RunFinished> finished, List<CheckResult> verdicts) {
        RunVerdict verdict = RunVerdict.of(finished, verdicts);
        String reason = verdict != RunVerdict.ABORTED ? ""
                : finished.map(HistoryEvent.RunFinished::message).orElse("the history has no end: the harness itself died");
        return new RunOutcome(verdict, reason);
    }

    String cssClass() {
        return switch (verdict) {
            case PASS -> "pass";
            case FAIL, ABORTED -> "fail";
            default -> "unknown";
        };
    }

    String label() {
        return switch (verdict) {
            case PASS -> HtmlReport.symbol(Verdict.PASS) + " PASS";
            case FAIL -> HtmlReport.symbol(Verdict.FAIL) + " FAIL";
            case UNKNOWN -> HtmlReport.symbol(Verdict.UNKNOWN) + " UNKNOWN";
            case ABORTED -> HtmlReport.symbol(Verdict.FAIL) + " ABORTED";
            case INTERRUPTED -> "&#9632; INTERRUPTED";
        };
    }
}
