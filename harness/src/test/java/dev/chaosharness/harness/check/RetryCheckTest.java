package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetryCheckTest {

    private static final String LINK = "gateway->risk-1";

    /** At most 3 attempts, 3 calls per request, 20 ms between an answer and the next attempt. */
    private final RetryCheck check = new RetryCheck(3, 3.0, 20, 100);

    private static HistoryBuilder run() {
        return new HistoryBuilder().load(0, 60_000, 2000)
                .request(1_000, 400, 201, "t-1", "r-1", 2000)
                .request(5_000, 900, 201, "t-2", "r-2", 2000);
    }

    private CheckResult judge(HistoryBuilder history) {
        List<CheckResult> results = check.evaluate(history.build());
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void boundedSpacedRetriesWithinTheDeadlinePass() {
        CheckResult result = judge(run()
                .exchange(LINK, 1_010, 1_015, 1900, 503, "r-1")
                .exchange(LINK, 1_065, 1_070, 1850, 503, "r-1")
                .exchange("gateway->risk-2", 1_170, 1_180, 1750, 200, "r-1")
                .exchange(LINK, 5_010, 5_020, 1900, 200, "r-2"));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.subject()).isEqualTo("gateway->risk");
        assertThat(result.measured()).startsWith("at most 3 attempts per request (1 of 2 requests retried)")
                .contains("closest retry 50 ms after the previous answer");
        assertThat(result.evidence()).singleElement().satisfies(row -> assertThat(row.get("each attempt").toString())
                .isEqualTo("+0 ms 503 (gateway->risk-1), +55 ms 503 (gateway->risk-1), +160 ms 200 (gateway->risk-2)"));
    }

    @Test
    void retriesAtOnceWithoutALimitFailOnEachRuleTheyBreak() {
        HistoryBuilder history = run();
        long at = 1_010;
        for (int i = 0; i < 12; i++) {
            history.exchange(LINK, at, at + 2, 1900, 503, "r-1");
            at += 3; // the next attempt 1 ms after the answer
        }
        history.exchange(LINK, 3_700, 3_702, 1900, 503, "r-1"); // past 1000 + 2000 + 100 + 500

        CheckResult result = judge(history);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).contains("a request was tried 13 times (max-attempts 3)")
                .contains("retries multiplied the calls by 13.0 (max-amplification 3.0)")
                .contains("11 retries came less than 20 ms after the previous answer (min-backoff-ms)")
                .contains("1 retries started after their caller had given up");
        assertThat(result.figures()).containsEntry("max attempts", 13.0).containsEntry("retries after deadline", 1.0);
    }

    @Test
    void amplificationIsJudgedPerPhaseSoARetryStormInAWindowIsNotAveragedAway() {
        HistoryBuilder history = new HistoryBuilder().load(0, 60_000, 2000).fault(1, 10_000, 20_000, LINK);
        for (int i = 0; i < 40; i++) {
            history.exchange(LINK, 1_000 + i * 100, 1_005 + i * 100, 1900, 200, "before-" + i);
        }
        history.exchange(LINK, 12_000, 12_010, 1900, 503, "during")
                .exchange(LINK, 12_100, 12_110, 1900, 503, "during")
                .exchange(LINK, 12_300, 12_310, 1900, 200, "during");

        CheckResult result = new RetryCheck(3, 2.0, 20, 100).evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).contains("calls per request 1.0 before faults, 3.0 during window 1");
        assertThat(result.summary()).isEqualTo("retries multiplied the calls by 3.0 (max-amplification 2.0)");
    }

    @Test
    void callsWithoutACorrelationIdCannotShowRetriesAndSaySo() {
        CheckResult result = judge(run().exchange(LINK, 1_010, 1_015, 1900, 200).exchange(LINK, 1_020, 1_025, 1900, 200));

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(result.summary()).startsWith("2 calls observed, none with a correlation id");
    }

    @Test
    void aRunWithNoCallBetweenServicesHasNothingToJudge() {
        assertThat(judge(run()).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }
}
