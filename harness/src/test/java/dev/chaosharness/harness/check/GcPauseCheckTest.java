package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcPauseCheckTest {

    private final GcPauseCheck check = new GcPauseCheck(200, 0.05, 10_000, 0, List.of());

    @Test
    void shortYoungPausesPass() {
        RunView run = new HistoryBuilder().service("payment-1", 1)
                .gc("payment-1", 1000, "G1New", 12, 12).gc("payment-1", 5000, "G1New", 30, 31).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("max pause 30.0 ms");
    }

    @Test
    void onePauseOverTheLimitFails() {
        RunView run = new HistoryBuilder().service("payment-1", 1).gc("payment-1", 1000, "G1New", 250, 250).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).contains("250.0 ms pause");
        assertThat(result.evidence().get(0)).containsEntry("longestPauseMs", 250.0);
    }

    @Test
    void pausesWhileTheEnvironmentBootsAreReportedButNotJudged() {
        RunView run = new HistoryBuilder().service("payment-1", 1).gc("payment-1", 1000, "G1New", 600, 600)
                .environmentUp(5000).gc("payment-1", 9000, "G1New", 20, 20).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("max pause 20.0 ms");
        assertThat(result.summary()).contains("1 pauses while it started (or restarted), not judged (longest 600.0 ms)");
    }

    @Test
    void aLongPauseOnceTheEnvironmentIsReadyStillFails() {
        RunView run = new HistoryBuilder().service("payment-1", 1).environmentUp(5000)
                .gc("payment-1", 9000, "G1New", 250, 250).build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aPauseExactlyAtTheLimitPasses() {
        RunView run = new HistoryBuilder().service("payment-1", 1).gc("payment-1", 1000, "G1New", 200, 200).build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void manyShortPausesOverTheShareFail() {
        HistoryBuilder history = new HistoryBuilder().service("payment-1", 1);
        for (int i = 0; i < 20; i++) {
            history.gc("payment-1", 1000 + i * 400L, "G1New", 40, 40);
        }

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).contains("of a 10 s window paused");
    }

    @Test
    void aFullGcFails() {
        RunView run = new HistoryBuilder().service("payment-1", 1).gc("payment-1", 1000, "G1Full", 90, 90).build();

        assertThat(check.evaluate(run).get(0).summary()).contains("1 full GCs");
    }

    @Test
    void aServiceWithNoPauseIsUnknownAndJudgedApart() {
        RunView run = new HistoryBuilder().service("order-1", 1).service("payment-1", 2)
                .gc("payment-1", 1000, "G1New", 10, 10).build();

        List<CheckResult> results = check.evaluate(run);

        assertThat(results).extracting(CheckResult::subject).containsExactly("order-1", "payment-1");
        assertThat(results).extracting(CheckResult::verdict).containsExactly(Verdict.UNKNOWN, Verdict.PASS);
    }

    @Test
    void aServiceThatNeverCollectedWhileItsRecordingRanPassesButOnlyWithThatEvidence() {
        RunView run = new HistoryBuilder().service("payment-1", 1).service("payment-2", 2)
                .gc("payment-1", 1000, "G1New", 300, 300).gc("payment-2", 1000, "G1New", 300, 300).environmentUp(5000)
                .threads("payment-1", 4000, 20).threads("payment-2", 6000, 20).threads("payment-2", 9000, 21).build();

        List<CheckResult> results = check.evaluate(run);

        assertThat(results.get(0).verdict()).as("samples only before ready prove nothing").isEqualTo(Verdict.UNKNOWN);
        assertThat(results.get(1).verdict()).isEqualTo(Verdict.PASS);
        assertThat(results.get(1).measured()).contains("0 collections");
        assertThat(results.get(1).summary()).contains("2 thread samples").contains("1 pauses while it started (or restarted)");
    }

    @Test
    void aServiceThatIsNoJvmIsNotApplicableAndOnlyTheNamedServicesAreJudged() {
        RunView run = new HistoryBuilder().service("api-1", 1).commandService("pricing-1", 2).service("worker-1", 3)
                .environmentUp(1000).gc("api-1", 2000, "G1New", 10, 10).gc("worker-1", 2000, "G1New", 10, 10).build();

        List<CheckResult> results = new GcPauseCheck(200, 0.05, 10_000, 0, List.of("api", "pricing")).evaluate(run);

        assertThat(results).extracting(CheckResult::subject).containsExactly("pricing-1", "api-1");
        assertThat(results.get(0).verdict()).as("no JVM evidence can exist: left out, neither pass nor unknown")
                .isEqualTo(Verdict.NOT_APPLICABLE);
        assertThat(results.get(0).summary()).startsWith("not a JVM");
        assertThat(results.get(1).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aJvmRestartedByAFaultIsJudgedAgainOnlyOnceItIsReady() {
        RunView run = new HistoryBuilder().service("worker-1", 1).ready("worker-1", 1, 1000).load(2000, 30_000, 2000)
                .gc("worker-1", 1, 3000, "G1New", 20, 20)
                .service("worker-1", 2).gc("worker-1", 2, 12_000, "G1New", 600, 600).ready("worker-1", 2, 15_000)
                .gc("worker-1", 2, 16_000, "G1New", 30, 30).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("max pause 30.0 ms").endsWith("2 collections");
        assertThat(result.summary()).contains("1 pauses while it started (or restarted), not judged (longest 600.0 ms)");
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "gc-pause-not-judged")
                .containsEntry("pid", 2L));
    }

    @Test
    void aJvmReadyBeforeTheOthersIsJudgedFromWhenTheEnvironmentIsUp() {
        // ready at 1 s while the others still boot; a metaspace full GC at 1.3 s is part of the boot
        RunView run = new HistoryBuilder().service("gateway-1", 1).ready("gateway-1", 1, 1000)
                .gc("gateway-1", 1, 1300, "SerialOld", 64, 64).environmentUp(4000).load(5000, 30_000, 2000)
                .gc("gateway-1", 1, 6000, "DefNew", 3, 3).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.summary()).contains("1 pauses while it started (or restarted), not judged (longest 64.0 ms)");
    }

    @Test
    void theSameLongPauseOnceTheRestartedJvmIsReadyFails() {
        RunView run = new HistoryBuilder().service("worker-1", 1).ready("worker-1", 1, 1000).load(2000, 30_000, 2000)
                .service("worker-1", 2).ready("worker-1", 2, 15_000).gc("worker-1", 2, 16_000, "G1New", 600, 600).build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aFullGcWhileShuttingDownAfterTheLoadIsShownNotJudged() {
        RunView run = new HistoryBuilder().service("api-1", 1).ready("api-1", 1, 1000).load(2000, 30_000, 2000)
                .gc("api-1", 1, 5000, "G1New", 10, 10).gc("api-1", 1, 31_000, "G1Full", 245, 245).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.summary()).contains("1 pauses after the load ended, not judged (longest 245.0 ms)");
    }

    @Test
    void fullGcsAreAllowedUpToMaxFullGcs() {
        RunView run = new HistoryBuilder().service("api-1", 1).gc("api-1", 1000, "G1Full", 90, 90).build();

        assertThat(new GcPauseCheck(200, 0.05, 10_000, 1, List.of()).evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(new GcPauseCheck(200, 0.05, 10_000, 0, List.of()).evaluate(run).get(0).verdict()).isEqualTo(Verdict.FAIL);
    }
}
