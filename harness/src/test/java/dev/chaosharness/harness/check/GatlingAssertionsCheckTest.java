package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.load.GatlingRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatlingAssertionsCheckTest {

    private final GatlingAssertionsCheck check = new GatlingAssertionsCheck();

    @Test
    void exitCodeZeroPassesAndTwoFails() {
        assertThat(verdictFor(0)).isEqualTo(Verdict.PASS);
        assertThat(verdictFor(GatlingRunner.ASSERTIONS_FAILED)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void anInterruptedLoadIsUnknownNotACrash() {
        CheckResult result = check.evaluate(new RunView(List.of(
                new HistoryEvent.LoadFinished(1, HistoryEvent.LoadFinished.INTERRUPTED, "")))).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("interrupted");
    }

    private Verdict verdictFor(int exitCode) {
        return check.evaluate(new RunView(List.of(new HistoryEvent.LoadFinished(1, exitCode, "gatling")))).get(0).verdict();
    }
}
