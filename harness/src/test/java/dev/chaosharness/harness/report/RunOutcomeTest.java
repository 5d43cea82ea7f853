package dev.chaosharness.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {

    private final List<CheckResult> allPassed = List.of(
            new CheckResult("LatencySloCheck", "whole load", Verdict.PASS, "p99 10 ms", "p99 <= 100 ms", "ok", List.of()));

    @Test
    void anInterruptedRunIsNeverPassEvenWhenWhatRanPassed() {
        RunOutcome outcome = RunOutcome.of(finished("interrupted"), allPassed);

        assertThat(outcome.label()).endsWith("INTERRUPTED");
        assertThat(outcome.cssClass()).isEqualTo("unknown");
    }

    @Test
    void aRunWithoutAnEndIsAborted() {
        assertThat(RunOutcome.of(Optional.empty(), allPassed).label()).endsWith("ABORTED");
        assertThat(RunOutcome.of(finished("aborted"), allPassed).cssClass()).isEqualTo("fail");
    }

    @Test
    void aFinishedRunShowsItsOverallVerdict() {
        assertThat(RunOutcome.of(finished("passed"), allPassed).label()).endsWith("PASS");
        assertThat(RunOutcome.of(finished("unknown"), List.of()).label()).as("no verdicts: never a pass").endsWith("UNKNOWN");
        assertThat(RunOutcome.of(finished("aborted"), allPassed).reason()).isEmpty();
        assertThat(RunOutcome.of(Optional.of(new HistoryEvent.RunFinished(1, "aborted", "api-1 was not ready within 60 s")),
                List.of()).reason()).isEqualTo("api-1 was not ready within 60 s");
    }

    private static Optional<HistoryEvent.RunFinished> finished(String outcome) {
        return Optional.of(new HistoryEvent.RunFinished(1, outcome, ""));
    }
}
