package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagRecoveryCheckTest {

    private static final HistoryEvent.GroupMember W1 = new HistoryEvent.GroupMember("m1", "writer-1", List.of(0));
    private static final HistoryEvent.GroupMember W2 = new HistoryEvent.GroupMember("m2", "writer-2", List.of(1));
    private static final HistoryEvent.GroupMember W3 = new HistoryEvent.GroupMember("m3", "writer-3", List.of(2));
    private static final HistoryEvent.GroupMember W2_AGAIN = new HistoryEvent.GroupMember("m4", "writer-2", List.of(1));

    /**
     * Load 0-60 s at 10/s; writer-2 killed with SIGKILL from 10 s, restarted at the window's end (16 s).
     * The group keeps the dead member, with partition 1 unconsumed, until its session times out at
     * {@code expiredAtMs}: Stable until the restarted writer-2 joins at 17.5 s, which starts a rebalance
     * that waits for the dead member; the rebalance ends 2 s after its expiry, and the backlog is worked
     * off in 2 s more.
     */
    private static List<HistoryEvent> killedUntilSessionTimeout(long expiredAtMs) {
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.LoadStarted(0, "Sim", 10, 0, 60, 2000));
        events.add(new HistoryEvent.LoadFinished(60_000, 0, "gatling"));
        events.add(group(1_000, "Stable", W1, W2, W3));
        events.add(new HistoryEvent.FaultApplied(10_000, 1, 3, "kill", List.of("writer-2"), Map.of(), 10_000, 6_000));
        events.add(new HistoryEvent.FaultRolledBack(16_000, 1, "kill", List.of("writer-2"), "window-end"));
        if (expiredAtMs > 17_500) {
            events.add(group(17_500, "PreparingRebalance", W1, W2, W3));
        }
        events.add(group(expiredAtMs, "PreparingRebalance", member(W1, List.of()), member(W3, List.of())));
        events.add(group(expiredAtMs + 2_000, "Stable", W1, W2_AGAIN, W3));
        for (long t = 2_000; t <= 70_000; t += 1_000) {
            long lag;
            if (t < 10_000) {
                lag = 2 + t / 1000 % 3; // 2-4 in flight: the before-faults peak is 4
            } else if (t <= expiredAtMs + 2_000) {
                lag = 3 + (t - 10_000) / 1000 * 4; // partition 1's share of the load piles up
            } else {
                lag = t <= expiredAtMs + 3_000 ? 30 : 3;
            }
            events.add(new HistoryEvent.ConsumerLagObserved(t, "ledger", lag));
        }
        return events;
    }

    private static HistoryEvent.ConsumerGroupObserved group(long atMs, String state, HistoryEvent.GroupMember... members) {
        return new HistoryEvent.ConsumerGroupObserved(atMs, "ledger", state, -1, List.of(members));
    }

    private static HistoryEvent.GroupMember member(HistoryEvent.GroupMember member, List<Integer> partitions) {
        return new HistoryEvent.GroupMember(member.memberId(), member.clientId(), partitions);
    }

    @Test
    void aKilledMemberKeptUntilItsSessionTimesOutFailsALowBoundWithTheLagPeakAndThePartitionsItHeld() {
        RunView run = new RunView(killedUntilSessionTimeout(45_000));

        CheckResult result = new LagRecoveryCheck(10_000).evaluate(run).get(0);

        // caught up at 49 s (rebalance 45-47 s, backlog worked off by 49 s): 33 s after the window's end at 16 s
        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.FAIL);
        assertThat(result.subject()).isEqualTo("ledger after window 1 (kill)");
        assertThat(result.measured()).isEqualTo("recovered in 33.0 s");
        assertThat(result.threshold()).contains("<= 14 (before-faults peak 4 + 10)");
        assertThat(result.evidence()).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("lagPeak", "151 at 47.0 s")
                .containsEntry("caughtUpAt", "49.0 s")
                .containsEntry("unassignedPartitions", "[0, 1, 2] for 2.0 s")
                .containsEntry("notStable", "29.5 s")
                .containsEntry("heldByGoneMember", "writer-2 held [1] until 45.0 s"));
    }

    @Test
    void theSameKillPassesWhenTheGroupCameBackInTime() {
        RunView lateButWithinTheBound = new RunView(killedUntilSessionTimeout(45_000));
        RunView quick = new RunView(killedUntilSessionTimeout(17_000)); // a 1 s session timeout, restart at 16 s

        CheckResult late = new LagRecoveryCheck(40_000).evaluate(lateButWithinTheBound).get(0);
        CheckResult soon = new LagRecoveryCheck(10_000).evaluate(quick).get(0);

        assertThat(late.verdict()).as(late.toString()).isEqualTo(Verdict.PASS);
        assertThat(soon.verdict()).as(soon.toString()).isEqualTo(Verdict.PASS);
        assertThat(soon.measured()).isEqualTo("recovered in 5.0 s");
        assertThat(soon.figures()).containsEntry("lag recovery ms", 5_000.0);
    }

    @Test
    void aLagBackAtItsLevelWhileAPartitionHasNoMemberIsNotRecovered() {
        List<HistoryEvent> events = new ArrayList<>(killedUntilSessionTimeout(17_000));
        // after the rebalance, partition 1 has no member for 20 s more, though no record arrives on it
        events.add(group(19_500, "Stable", W1, W3));
        events.add(group(39_500, "Stable", W1, W2_AGAIN, W3));

        CheckResult result = new LagRecoveryCheck(10_000).evaluate(new RunView(events)).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).isEqualTo("recovered in 24.0 s");
        assertThat(result.evidence().get(0)).containsEntry("unassignedPartitions", "[0, 1, 2] for 22.0 s");
    }

    @Test
    void withoutLagSamplesItCannotTell() {
        List<HistoryEvent> events = new ArrayList<>(killedUntilSessionTimeout(45_000));
        events.removeIf(e -> e instanceof HistoryEvent.ConsumerLagObserved);

        CheckResult result = new LagRecoveryCheck(30_000).evaluate(new RunView(events)).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("no lag sample");
    }

    @Test
    void withoutAWindowOrAGroupItDoesNotApply() {
        List<HistoryEvent> noWindow = new ArrayList<>(killedUntilSessionTimeout(45_000));
        noWindow.removeIf(e -> e instanceof HistoryEvent.FaultApplied || e instanceof HistoryEvent.FaultRolledBack);
        List<HistoryEvent> noGroup = new ArrayList<>(killedUntilSessionTimeout(45_000));
        noGroup.removeIf(e -> e instanceof HistoryEvent.ConsumerLagObserved || e instanceof HistoryEvent.ConsumerGroupObserved);

        assertThat(new LagRecoveryCheck(30_000).evaluate(new RunView(noWindow))).singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE));
        assertThat(new LagRecoveryCheck(30_000).evaluate(new RunView(noGroup))).singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE));
    }

    @Test
    void theRecoveringPhaseLastsUntilTheGroupHasEveryPartitionAgainNotUntilTheInstancesLogLine() {
        List<HistoryEvent> events = new ArrayList<>(killedUntilSessionTimeout(45_000));
        events.add(new HistoryEvent.ProcessReady(17_000, "writer-2", 8));

        List<Phases.Phase> phases = Phases.of(new RunView(events));

        assertThat(phases).extracting(Phases.Phase::name).contains(
                "recovering after window 1 (writer-2 ready again, every group partition assigned)");
        assertThat(phases.stream().filter(p -> p.name().startsWith("recovering")).findFirst().orElseThrow().toMs())
                .isEqualTo(47_000);
    }

    @Test
    void aGroupNotSettledWhenTheNextWindowBeginsLeavesItsRecoveryToThatWindowAndTheSteadyStateAfterIsStillJudged() {
        // the group settles at 47 s; a pause window runs 30-36 s: window 1's recovery ends where window 2 begins
        List<HistoryEvent> events = new ArrayList<>(killedUntilSessionTimeout(45_000));
        events.add(new HistoryEvent.ProcessReady(17_000, "writer-2", 8));
        events.add(new HistoryEvent.FaultApplied(30_000, 2, 3, "pause", List.of("writer-3"), Map.of(), 30_000, 6_000));
        events.add(new HistoryEvent.FaultRolledBack(36_000, 2, "pause", List.of("writer-3"), "window-end"));

        List<Phases.Phase> phases = Phases.of(new RunView(events));

        assertThat(phases).extracting(Phases.Phase::name, Phases.Phase::fromMs, Phases.Phase::toMs).containsExactly(
                org.assertj.core.groups.Tuple.tuple("before faults", 0L, 10_000L),
                org.assertj.core.groups.Tuple.tuple("during window 1 (kill writer-2)", 10_000L, 16_000L),
                org.assertj.core.groups.Tuple.tuple("recovering after window 1 (writer-2 ready again, every group partition assigned)",
                        16_000L, 30_000L),
                org.assertj.core.groups.Tuple.tuple("during window 2 (pause writer-3)", 30_000L, 36_000L),
                org.assertj.core.groups.Tuple.tuple("after faults", 36_000L, 60_001L));
    }

    @Test
    void anInstanceStillRestartingWhenALaterWindowEndsKeepsTheRunRecoveringUntilItIsReady() {
        // docker, loaded machine: payment-2, killed 6-12 s, started again only at 18.6 s, ready at 27.2 s;
        // a pause window runs 16-22 s. Its 502s at 22-25 s are the kill's effect, not the steady state's.
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.LoadStarted(0, "Sim", 20, 5, 25, 2000));
        events.add(new HistoryEvent.FaultApplied(6_000, 1, 3, "kill", List.of("payment-2"), Map.of("restart", "true"), 6_000, 6_000));
        events.add(new HistoryEvent.FaultRolledBack(12_000, 1, "kill", List.of("payment-2"), "window-end"));
        events.add(new HistoryEvent.FaultApplied(16_000, 2, 4, "pause", List.of("payment-3"), Map.of(), 16_000, 6_000));
        events.add(new HistoryEvent.FaultRolledBack(22_000, 2, "pause", List.of("payment-3"), "window-end"));
        events.add(new HistoryEvent.ProcessReady(27_200, "payment-2", 9));
        events.add(new HistoryEvent.LoadFinished(30_000, 0, ""));

        List<Phases.Phase> phases = Phases.of(new RunView(events));

        assertThat(phases).extracting(Phases.Phase::name, Phases.Phase::fromMs, Phases.Phase::toMs).containsExactly(
                org.assertj.core.groups.Tuple.tuple("before faults", 0L, 6_000L),
                org.assertj.core.groups.Tuple.tuple("during window 1 (kill payment-2)", 6_000L, 12_000L),
                org.assertj.core.groups.Tuple.tuple("recovering after window 1 (payment-2 ready again)", 12_000L, 16_000L),
                org.assertj.core.groups.Tuple.tuple("during window 2 (pause payment-3)", 16_000L, 22_000L),
                org.assertj.core.groups.Tuple.tuple("recovering after window 2 (payment-2 (from an earlier window) ready again)",
                        22_000L, 27_200L),
                org.assertj.core.groups.Tuple.tuple("after faults", 27_200L, 30_001L));
    }
}
