package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** LatencySloCheck, ErrorBudgetCheck and RecoveryTimeCheck over the phases of a run. */
class PhaseChecksTest {

    /** 10 requests/s for 30 s; during [10 s, 15 s) a fault makes every request take 2 s and fail; slow until 17 s. */
    private static RunView runWithAFault(long slowUntilMs) {
        HistoryBuilder history = new HistoryBuilder().load(0, 30_000, 2000).fault(1, 10_000, 15_000);
        for (long t = 0; t < 30_000; t += 100) {
            boolean inFault = t >= 10_000 && t < 15_000;
            boolean slow = t >= 15_000 && t < slowUntilMs;
            history.request(t, inFault ? 2000 : slow ? 1500 : 30, inFault ? 504 : 201, "o" + t);
        }
        return history.build();
    }

    @Test
    void latencyIsJudgedPerPhaseWithItsOwnLimit() {
        List<CheckResult> results = new LatencySloCheck(1000, 2100).evaluate(runWithAFault(15_000));

        assertThat(results).extracting(CheckResult::subject)
                .containsExactly("before faults", "during window 1 (pause payment-2)", "after faults");
        assertThat(results).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
        assertThat(new LatencySloCheck(1000, 1500).evaluate(runWithAFault(15_000)).get(1).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void errorBudgetIgnoresFaultWindowsAndFailsWhenSpent() {
        List<CheckResult> results = new ErrorBudgetCheck(1.0).evaluate(runWithAFault(15_000));

        assertThat(results).extracting(CheckResult::subject).containsExactly("before faults", "after faults");
        assertThat(results).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);

        HistoryBuilder failing = new HistoryBuilder().load(0, 10_000, 2000);
        for (long t = 0; t < 10_000; t += 100) {
            failing.request(t, 30, t % 1000 == 0 ? 503 : 201, "o" + t);
        }
        CheckResult spent = new ErrorBudgetCheck(5.0).evaluate(failing.build()).get(0);
        assertThat(spent.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(spent.measured()).startsWith("10.0% (10 of 100)");
        assertThat(new ErrorBudgetCheck(10.0).evaluate(failing.build()).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void recoveryIsMeasuredFromTheWindowsEnd() {
        CheckResult quick = new RecoveryTimeCheck(1000, 5000, 2000).evaluate(runWithAFault(15_000)).get(0);
        CheckResult slow = new RecoveryTimeCheck(1000, 1000, 2000).evaluate(runWithAFault(17_000)).get(0);

        assertThat(quick.verdict()).isEqualTo(Verdict.PASS);
        assertThat(quick.measured()).isEqualTo("recovered in 0 ms");
        assertThat(slow.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(slow.measured()).isEqualTo("recovered in 2000 ms");
    }

    @Test
    void noFaultWindowMeansRecoveryDoesNotApply() {
        RunView run = new HistoryBuilder().load(0, 1000, 2000).request(10, 20, 201, "o").build();

        assertThat(new RecoveryTimeCheck(1000, 5000, 2000).evaluate(run).get(0).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    @Test
    void whileAKilledInstanceRestartsAfterItsWindowTheErrorsAreTheFaultsNotTheSteadyStates() {
        // the window ends at 15 s; payment-2 is started again then and ready at 17 s; requests fail until it is
        HistoryBuilder history = new HistoryBuilder().load(0, 30_000, 2000).fault(1, 10_000, 15_000)
                .service("payment-2", 7).ready("payment-2", 7, 17_000);
        for (long t = 0; t < 30_000; t += 100) {
            boolean down = t >= 10_000 && t < 17_000;
            history.request(t, 30, down ? 502 : 201, "o" + t);
        }
        RunView run = history.build();

        List<CheckResult> budget = new ErrorBudgetCheck(1.0).evaluate(run);
        CheckResult recovery = new RecoveryTimeCheck(1000, 5000, 2000).evaluate(run).get(0);

        assertThat(budget).extracting(CheckResult::subject).containsExactly("before faults", "after faults");
        assertThat(budget).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
        assertThat(new LatencySloCheck(1000, 2100).evaluate(run)).extracting(CheckResult::subject).containsExactly(
                "before faults", "during window 1 (pause payment-2)", "recovering after window 1 (payment-2 ready again)",
                "after faults");
        assertThat(recovery.measured()).as("measured from the window's end, the restart included").isEqualTo("recovered in 2000 ms");
    }

    @Test
    void anInstanceReadyAtOnceAfterItsWindowHasNoRecoveringPhaseThatCouldHoldNoRequest() {
        // the window ends at 15 s; the restarted consumer counts as ready 6 ms later (it rejoins its group on its own)
        HistoryBuilder history = new HistoryBuilder().load(0, 30_000, 2000).fault(1, 10_000, 15_000)
                .service("writer-2", 7).ready("writer-2", 7, 15_006);
        for (long t = 0; t < 30_000; t += 50) {
            history.request(t, 30, 202, "t" + t);
        }

        List<CheckResult> slo = new LatencySloCheck(1000, 2100).evaluate(history.build());

        assertThat(slo).extracting(CheckResult::subject).containsExactly("before faults",
                "during window 1 (pause payment-2)", "after faults");
        assertThat(slo).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
    }
}
