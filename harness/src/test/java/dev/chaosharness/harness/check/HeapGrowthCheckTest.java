package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapGrowthCheckTest {

    private static final long MB = 1024 * 1024;
    private final HeapGrowthCheck check = new HeapGrowthCheck(10, 10, List.of());

    /** order-1 (pid 1), a one-minute load from 10 s to 70 s, the harness's collections at 9 s and 75 s. */
    private HistoryBuilder order(long liveBeforeMb, long liveAfterMb) {
        HistoryBuilder history = new HistoryBuilder().service("order-1", 1).load(10_000, 70_000, 2000);
        asked(history, 1, 9_000, liveBeforeMb);
        asked(history, 2, 75_000, liveAfterMb);
        return history;
    }

    private static void asked(HistoryBuilder history, long gcId, long atMs, long heapAfterMb) {
        history.event(new HistoryEvent.GcPause(atMs, "order-1", 1, gcId, "G1Full", GcPauseCheck.DIAGNOSTIC_COMMAND, 40, 40));
        history.event(new HistoryEvent.HeapSummary(atMs, "order-1", 1, gcId, false, (heapAfterMb + 30) * MB));
        history.event(new HistoryEvent.HeapSummary(atMs + 40, "order-1", 1, gcId, true, heapAfterMb * MB));
    }

    private static void young(HistoryBuilder history, long gcId, long atMs, long heapAfterMb) {
        history.event(new HistoryEvent.GcPause(atMs, "order-1", 1, gcId, "G1New", "G1 Evacuation Pause", 5, 5));
        history.event(new HistoryEvent.HeapSummary(atMs + 5, "order-1", 1, gcId, true, heapAfterMb * MB));
    }

    @Test
    void aLiveSetThatHoldsPassesThoughTheHeapAfterYoungCollectionsRises() {
        HistoryBuilder history = order(24, 26);
        young(history, 10, 20_000, 30);
        young(history, 11, 40_000, 45);
        young(history, 12, 60_000, 60);
        history.event(new HistoryEvent.GcPause(60_000, "order-1", 1, 12, "G1Old", "G1 Evacuation Pause", 0, 0));

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).isEqualTo("live set 24.0 MB before the load, 26.0 MB after (+2.0 MB/min)");
        assertThat(result.evidence()).filteredOn(e -> e.get("kind").equals("heap-after-gc")).hasSize(3);
        assertThat(result.evidence()).filteredOn(e -> e.get("kind").equals("live-set")).hasSize(2);
    }

    @Test
    void aGrowingLiveSetFailsAndNamesWhatItHeld() {
        HistoryBuilder history = order(24, 64);
        for (int i = 0; i < 3; i++) {
            history.event(new HistoryEvent.OldObjectSampled(30_000 + i, "order-1", 1, "byte[]", 65536,
                    List.of("java.util.concurrent.ConcurrentHashMap.putVal", "dev.team.RequestCache.remember",
                            "dev.team.OrderController.place")));
        }
        history.event(new HistoryEvent.OldObjectSampled(2_000, "order-1", 1, "java.lang.Class", -1, List.of()));

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).startsWith("its live set grew by 40.0 MB over 60.0 s of load (40.0 MB/min)")
                .contains("byte[] x3 sampled, allocated in dev.team.RequestCache.remember");
        assertThat(result.evidence()).filteredOn(e -> e.get("kind").equals("old-objects")).hasSize(1); // not the one from before the load
    }

    @Test
    void aFullCollectionTheJvmNeededThatFreesLittleFails() {
        HistoryBuilder history = order(24, 25);
        history.event(new HistoryEvent.GcPause(50_000, "order-1", 1, 20, "G1Full", "Allocation Failure", 300, 300));
        history.event(new HistoryEvent.HeapSummary(50_000, "order-1", 1, 20, false, 250 * MB));
        history.event(new HistoryEvent.HeapSummary(50_300, "order-1", 1, 20, true, 245 * MB));

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).isEqualTo("a full collection it needed (Allocation Failure) freed only 2.0% of 250.0 MB");
    }

    @Test
    void withoutTheHarnessCollectionAfterTheLoadItIsUnknownAndSaysWhy() {
        HistoryBuilder history = new HistoryBuilder().service("order-1", 1).load(10_000, 70_000, 2000);
        asked(history, 1, 9_000, 24);
        history.event(new HistoryEvent.ProbeGap(76_000, "live-set", "order-1", "no full collection after the load: attach refused"));

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).isEqualTo("no live set measured after the load: no full collection after the load: attach refused");
    }

    @Test
    void aJvmRestartedDuringTheLoadIsNotComparedWithAnother() {
        HistoryBuilder history = order(24, 26);
        history.event(new HistoryEvent.ProcessStopped(30_000, "order-1", 1, 137, "killed"));
        history.event(new HistoryEvent.ProcessStarted(31_000, "order-1", "order", true, 2, List.of("java"), "order-1.log"));

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    @Test
    void theHarnessCollectionsAreNotJudgedAsFullGcsByGcPauseCheck() {
        HistoryBuilder history = order(24, 26);
        young(history, 10, 20_000, 30);

        CheckResult result = new GcPauseCheck().evaluate(history.build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).contains("0 full GCs, 1 collections");
    }
}
