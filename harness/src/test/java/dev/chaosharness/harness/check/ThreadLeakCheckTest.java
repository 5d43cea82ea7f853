package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadLeakCheckTest {

    private final ThreadLeakCheck check = new ThreadLeakCheck(10, List.of());

    @Test
    void threadsBackNearTheBaselinePass() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 40).threads("order-1", 30_000, 90).threads("order-1", 45_000, 42).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("40 before, 42 after (+2); 0 started during the load still alive");
    }

    @Test
    void aLeakFailsAndNamesTheThreadsThatNeverEnded() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 40).threads("order-1", 45_000, 640)
                .lingering("order-1", 1, "order-audit-N", 600, 0, 0, "shop.ThreadLeak.lambda$leakOne$0")
                .lingering("order-1", 1, "http-nio-N-exec-N", 8, 8, 1, "").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).contains("order-audit-N x600, waiting in shop.ThreadLeak.lambda$leakOne$0");
        assertThat(result.measured()).endsWith("608 started during the load still alive, 8 of them pool workers, 600 unaccounted");
        assertThat(result.evidence().get(0)).containsEntry("pattern", "order-audit-N")
                .containsEntry("kind", "leaked threads").containsKey("startedBy");
        assertThat(result.evidence().get(1)).containsEntry("kind", "pool that grew");
    }

    /** The overload burst: Tomcat grew from 10 to 300 workers and kept them idle at exit. */
    @Test
    void aPoolThatGrewUnderAnOverloadPassesWithThePoolAsEvidence() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 28).threads("order-1", 45_000, 328)
                .lingering("order-1", 1, "http-nio-N.N.N.N-N-exec-N", 190, 190, 1, "")
                .lingering("order-1", 1, "HttpClient-N-Worker-N", 7, 7, 1, "")
                .lingering("order-1", 1, "kafka-coordinator-heartbeat-thread | g", 1, 0, 0, "org.apache.kafka.X.run").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("28 before, 328 after (+300)").endsWith("1 unaccounted");
        assertThat(result.summary()).contains("http-nio-N.N.N.N-N-exec-N x190").contains("not a leak");
        assertThat(result.evidence()).extracting(e -> e.get("kind"))
                .containsExactly("leaked threads", "pool that grew", "pool that grew");
    }

    /** An executor made per request and never shut down: every worker idles, each on its own queue. */
    @Test
    void aPoolPerRequestIsALeakThoughEveryThreadIsAnIdleWorker() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 28).threads("order-1", 45_000, 88)
                .lingering("order-1", 1, "pool-N-thread-N", 60, 60, 60, "").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).startsWith("59 threads").contains("pool-N-thread-N x59");
    }

    @Test
    void theFewAllowedHeldThreadsPass() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 28).threads("order-1", 45_000, 38)
                .lingering("order-1", 1, "worker-N", 10, 0, 0, "a.B.run").build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void onlyTheJvmAliveAtTheEndIsJudged() {
        RunView run = new HistoryBuilder().service("order-1", 1).service("order-1", 2).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 28).threads("order-1", 45_000, 30, 2)
                .lingering("order-1", 1, "order-audit-N", 100, 0, 0, "a.B.park").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.evidence()).isEmpty();
    }

    @Test
    void withoutAThreadDumpManyLingeringThreadsAreUnknown() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 28).threads("order-1", 45_000, 128)
                .lingeringUnclassified("order-1", "http-nio-N-exec-N", 100).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("no thread dump at exit");
    }

    @Test
    void noRecordingOfTheLastJvmIsUnknown() {
        RunView run = new HistoryBuilder().service("order-1", 1).service("order-1", 2).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 40).build(); // samples of pid 1 only: pid 2 left no recording

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("no JFR recording of its last JVM (pid 2)");
    }

    /** Its counts read from the chunks its JFR left, but no dump at exit: which threads lived on is not known. */
    @Test
    void aLastJvmThatWasKilledIsUnknownThoughItsThreadsWereCounted() {
        RunView run = new HistoryBuilder().service("payment-2", 1).load(10_000, 40_000, 2000)
                .threads("payment-2", 9_000, 30, 1).threads("payment-2", 20_000, 45, 1)
                .event(new HistoryEvent.ProcessStopped(25_000, "payment-2", 1, 137, "killed")).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("its last JVM (pid 1) was killed");
    }

    /** kill -9 and a restart: the first JVM left no recording, the restarted one is judged. */
    @Test
    void aJvmRestartedAfterAKillIsJudgedWithoutACountBeforeTheLoad() {
        RunView run = new HistoryBuilder().service("payment-2", 1).service("payment-2", 2).load(10_000, 40_000, 2000)
                .threads("payment-2", 45_000, 30, 2)
                .lingering("payment-2", 2, "order-audit-N", 40, 0, 0, "a.B.park").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).startsWith("live-thread count not sampled both before and after the load");
    }
}
