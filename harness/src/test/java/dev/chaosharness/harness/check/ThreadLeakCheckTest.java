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

    /**
     * writer-2 was killed during the load and restarted: pid 2, ready at 25 s. Its Kafka consumer,
     * listener containers (each with its own ThreadPoolTaskScheduler) and DestroyJavaVM all started
     * after it was ready, so during the load; they end with their owners and are no leak.
     */
    private static HistoryBuilder restartedWriter() {
        return new HistoryBuilder().service("writer-2", 1).ready("writer-2", 1, 5_000).load(10_000, 40_000, 2000)
                .threads("writer-2", 9_000, 40, 1)
                .event(new HistoryEvent.ProcessStopped(15_000, "writer-2", 1, 137, "killed"))
                .event(new HistoryEvent.ProcessStarted(21_000, "writer-2", "writer", true, 2, List.of("java"), "w.log"))
                .ready("writer-2", 2, 25_000)
                .threads("writer-2", 24_000, 12, 2).threads("writer-2", 25_600, 31, 2).threads("writer-2", 45_000, 33, 2)
                .event(owned("kafka-coordinator-heartbeat-thread | ledger", 1, "a Kafka consumer (its heartbeat)"))
                .event(owned("kafka-producer-network-thread | producer-tx-N", 3, "a Kafka producer"))
                .event(owned("org.springframework.kafka.KafkaListenerEndpointContainer#N-N-C-N", 3,
                        "a Spring Kafka listener container"))
                .event(owned("DestroyJavaVM", 1, "the JVM itself"))
                .event(new HistoryEvent.LingeringThreads(50_000, "writer-2", 2, "ThreadPoolTaskScheduler-N", 3, List.of(), true,
                        3, 3, "", 0, "", 3));
    }

    private static HistoryEvent.LingeringThreads owned(String pattern, int count, String owner) {
        return new HistoryEvent.LingeringThreads(50_000, "writer-2", 2, pattern, count, List.of("a.B.c:1"), true, 0, 0,
                "", count, owner, 1);
    }

    @Test
    void aJvmRestartedDuringTheLoadIsComparedWithItselfAndItsClientThreadsAreNoLeak() {
        CheckResult result = new ThreadLeakCheck(0, List.of()).evaluate(restartedWriter().build()).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("31 when ready again (restarted during the load), 33 after (+2);")
                .endsWith("11 started during the load still alive, 3 of them pool workers, 8 of clients or the JVM, 0 unaccounted");
        assertThat(result.summary()).contains("ThreadPoolTaskScheduler-N x3")
                .contains("DestroyJavaVM x1 (the JVM itself)").endsWith("evidence, not a leak");
        assertThat(result.evidence()).filteredOn(e -> "ThreadPoolTaskScheduler-N".equals(e.get("pattern"))).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("poolsAccounted", 3).containsEntry("kind", "pool that grew"));
    }

    /** The same restarted JVM, with an executor made per request: still a leak. */
    @Test
    void aRestartedJvmThatLeaksStillFails() {
        RunView run = restartedWriter().event(new HistoryEvent.LingeringThreads(50_000, "writer-2", 2, "pool-N-thread-N", 40,
                List.of(), true, 40, 40, "", 0, "", 1)).build();

        CheckResult result = new ThreadLeakCheck(10, List.of()).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).startsWith("39 threads").contains("pool-N-thread-N x39");
    }

    /** More scheduler pools than listener containers: the pools beyond those accounted for are unaccounted. */
    @Test
    void schedulerPoolsBeyondOnePerContainerAreUnaccounted() {
        RunView run = new HistoryBuilder().service("writer-1", 1).load(10_000, 40_000, 2000)
                .threads("writer-1", 9_000, 40).threads("writer-1", 45_000, 60)
                .event(new HistoryEvent.LingeringThreads(50_000, "writer-1", 1, "ThreadPoolTaskScheduler-N", 20, List.of(), true,
                        20, 20, "", 0, "", 3)).build();

        CheckResult result = new ThreadLeakCheck(10, List.of()).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).endsWith("17 unaccounted");
    }
}
