package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LatencySloCheck on windows that take down the load's entry service. */
class LatencySloCheckTest {

    private final LatencySloCheck check = new LatencySloCheck(1000, 2100);

    /**
     * 10 requests/s for 30 s to {@code order}; window 1 [10 s, 15 s) kills {@code killed} (restarted,
     * ready again at 18 s). While no order instance is up, requests fail with no answer.
     */
    private static RunView killWindow(String killed, String... entryInstances) {
        HistoryBuilder history = new HistoryBuilder().entry("order").load(0, 30_000, 2000);
        for (int i = 0; i < entryInstances.length; i++) {
            history.service(entryInstances[i], i + 1).ready(entryInstances[i], i + 1, 0);
        }
        history.service("payment-1", 9).ready("payment-1", 9, 0)
                .event(new HistoryEvent.FaultApplied(10_000, 1, 3, "kill", List.of(killed), Map.of(), 10_000, 5_000))
                .event(new HistoryEvent.ProcessStopped(10_040, killed, 1, 137, "killed"))
                .event(new HistoryEvent.FaultRolledBack(15_000, 1, "kill", List.of(killed), "window-end"))
                .event(new HistoryEvent.ProcessStarted(15_010, killed, "x", true, 21, List.of("java"), "x.log"))
                .ready(killed, 21, 18_000);
        boolean onlyEntryKilled = entryInstances.length == 1 && entryInstances[0].equals(killed);
        for (long t = 0; t < 30_000; t += 100) {
            boolean noAnswer = onlyEntryKilled && t >= 10_000 && t < 18_000;
            history.request(t, noAnswer ? 3 : 30, noAnswer ? 0 : 201, "o" + t);
        }
        return history.build();
    }

    @Test
    void aWindowThatKilledTheOnlyEntryInstanceIsNotApplicableNotUnknown() {
        List<CheckResult> results = check.evaluate(killWindow("order-1", "order-1"));

        assertThat(results).extracting(CheckResult::subject).containsExactly("before faults",
                "during window 1 (kill order-1)", "recovering after window 1 (order-1 ready again)", "after faults");
        assertThat(results).extracting(CheckResult::verdict).containsExactly(Verdict.PASS, Verdict.NOT_APPLICABLE,
                Verdict.NOT_APPLICABLE, Verdict.PASS);
        assertThat(results.get(1).summary()).startsWith("no entry instance was up (order-1 killed)")
                .contains("50 of 50 requests failed").contains("ErrorBudgetCheck");
        assertThat(results.get(2).summary()).startsWith("no entry instance was up (order-1 killed)");
        assertThat(Analysis.overall(results)).isEqualTo(Verdict.PASS);
    }

    /**
     * A real history (payment-latency, the harness stopped by SIGHUP inside its latency window): a
     * phase the interrupt cut short ends before it begins. The check judged it by throwing
     * ("fromKey > toKey"), so the interrupted run ended with no verdicts and exit 1.
     */
    @Test
    void aPhaseCutShortByAnInterruptIsJudgedNotThrown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path runDir) throws Exception {
        try (var history = getClass().getResourceAsStream("/histories/sighup-in-a-latency-window/history.jsonl.gz")) {
            java.nio.file.Files.copy(history, runDir.resolve("history.jsonl.gz"));
        }

        List<CheckResult> results = check.evaluate(RunView.read(runDir, List.of()));

        assertThat(results).extracting(CheckResult::subject).startsWith("before faults");
        assertThat(results.get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aWindowThatLeftAnEntryInstanceUpIsJudged() {
        List<CheckResult> results = check.evaluate(killWindow("order-1", "order-1", "order-2"));

        assertThat(results).extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
    }

    /** A window on another service with no answer at all stays UNKNOWN: the entry was up, yet nothing answered. */
    @Test
    void aWindowWithNoAnswerWhileTheEntryWasUpStaysUnknown() {
        HistoryBuilder history = new HistoryBuilder().entry("order").load(0, 30_000, 2000)
                .service("order-1", 1).ready("order-1", 1, 0).fault(1, 10_000, 15_000, "order->payment-1");
        for (long t = 0; t < 30_000; t += 100) {
            boolean inWindow = t >= 10_000 && t < 15_000;
            history.request(t, inWindow ? 5000 : 30, inWindow ? 0 : 201, "o" + t);
        }

        CheckResult during = check.evaluate(history.build()).get(1);

        assertThat(during.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(during.summary()).isEqualTo("no answered request in this phase");
    }

    @Test
    void aPausedOnlyEntryInstanceIsNotUp() {
        HistoryBuilder history = new HistoryBuilder().entry("order").load(0, 30_000, 2000)
                .service("order-1", 1).ready("order-1", 1, 0)
                .event(new HistoryEvent.FaultApplied(10_000, 1, 3, "pause", List.of("order-1"), Map.of(), 10_000, 5_000))
                .event(new HistoryEvent.FaultRolledBack(15_000, 1, "pause", List.of("order-1"), "window-end"));
        for (long t = 0; t < 30_000; t += 100) {
            boolean inWindow = t >= 10_000 && t < 15_000;
            history.request(t, inWindow ? 5000 : 30, inWindow ? 0 : 201, "o" + t);
        }

        CheckResult during = check.evaluate(history.build()).get(1);

        assertThat(during.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(during.summary()).startsWith("no entry instance was up (order-1 paused)");
    }
}
