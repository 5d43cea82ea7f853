package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per consumer group the system declares (each one the probe watched), after each fault window: the
 * time from the window's end until the group has caught up again, that is its lag is back to its
 * before-faults level AND it is Stable with every partition assigned, and it stays so until the next
 * window begins (or the observations end). More than {@code maxRecoveryMs} FAILs.
 *
 * <p>The level is the highest lag sampled during the load before the first window, plus one second of
 * the load's rate (at least 1 record): the probe samples lag once a second, so a group that keeps up
 * may show up to about a second of records in flight beyond its usual peak; a backlog is more.
 * "Every partition" is what the group held in its last Stable observation before the window. A
 * killed member keeps its partitions, unconsumed, until its session times out: its group stays
 * Stable meanwhile, but the lag grows as the load goes on, and the rebalance that follows is not
 * Stable, so the recovery cannot be seen before both are over.
 */
public final class LagRecoveryCheck implements Check {

    public static final String NAME = "LagRecoveryCheck";

    private final long maxRecoveryMs;

    public LagRecoveryCheck(long maxRecoveryMs) {
        this.maxRecoveryMs = maxRecoveryMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "lag back to its before-faults level, Stable with every partition assigned, within "
                + maxRecoveryMs / 1000.0 + " s of the window's end";
        List<HistoryEvent.FaultApplied> windows = run.all(HistoryEvent.FaultApplied.class).stream()
                .sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList();
        List<GroupTimeline> groups = GroupTimeline.of(run);
        if (windows.isEmpty() || groups.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "consumer groups", threshold,
                    windows.isEmpty() ? "no fault window to recover from" : "the system declares no consumer group"));
        }
        long loadStart = run.loadStartMs().orElse(windows.get(0).atMs());
        long margin = Math.max(1, Math.round(run.all(HistoryEvent.LoadStarted.class).stream()
                .mapToDouble(HistoryEvent.LoadStarted::ratePerSecond).findFirst().orElse(0)));
        List<CheckResult> results = new ArrayList<>();
        for (GroupTimeline group : groups) {
            if (group.lags().isEmpty()) {
                results.add(CheckResult.unknown(NAME, group.group(), threshold,
                        "no lag sample of the group: it never committed an offset, or the probe did not see it"));
                continue;
            }
            long before = group.lags().stream().filter(l -> l.atMs() >= loadStart && l.atMs() < windows.get(0).atMs())
                    .mapToLong(HistoryEvent.ConsumerLagObserved::lag).max().orElse(0);
            Level level = new Level(before, margin);
            for (HistoryEvent.FaultApplied window : windows) {
                results.add(judge(run, group, window, windows, level, loadStart));
            }
        }
        return results;
    }

    /** The lag a group caught up is back to: its before-faults peak plus the margin. */
    private record Level(long beforeFaults, long margin) {
        long records() {
            return beforeFaults + margin;
        }

        @Override
        public String toString() {
            return "<= " + records() + " (before-faults peak " + beforeFaults + " + " + margin + ")";
        }
    }

    private CheckResult judge(RunView run, GroupTimeline group, HistoryEvent.FaultApplied window,
                              List<HistoryEvent.FaultApplied> windows, Level level, long loadStart) {
        String subject = group.group() + " after window " + window.window() + " (" + window.action() + ")";
        String threshold = "lag " + level + ", Stable with every partition assigned, within " + maxRecoveryMs / 1000.0
                + " s of the window's end";
        long end = run.all(HistoryEvent.FaultRolledBack.class).stream().filter(r -> r.window() == window.window())
                .mapToLong(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
        long lastSample = group.lags().get(group.lags().size() - 1).atMs();
        if (end == Long.MAX_VALUE || lastSample < end) {
            return CheckResult.unknown(NAME, subject, threshold, "no lag sample after the window's end");
        }
        Set<Integer> partitions = group.partitionsBefore(window.atMs());
        long recoveredAt = recoveredAt(group, end, windows, level, partitions);
        Map<String, Object> evidence = evidence(group, window, end, recoveredAt < 0 ? lastSample : recoveredAt, partitions,
                loadStart);
        if (recoveredAt < 0) {
            long seenMs = lastSample - end;
            Verdict verdict = seenMs > maxRecoveryMs ? Verdict.FAIL : Verdict.UNKNOWN;
            return new CheckResult(NAME, subject, verdict, "not recovered " + seenMs / 1000.0 + " s after the window",
                    threshold, verdict == Verdict.FAIL ? "the group had not caught up when the observations ended"
                    : "the observations ended before the group caught up", List.of(evidence));
        }
        long recoveryMs = recoveredAt - end;
        boolean fail = recoveryMs > maxRecoveryMs;
        return new CheckResult(NAME, subject, fail ? Verdict.FAIL : Verdict.PASS, "recovered in " + recoveryMs / 1000.0 + " s",
                threshold, fail ? "the group caught up later than the bound" : "caught up in time", List.of(evidence))
                .withFigures("lag recovery ms", recoveryMs);
    }

    /**
     * The first lag sample at or after {@code end} with the lag at the level and the group settled,
     * from which it stayed so (every later sample and observation) until the next window began; -1 if none.
     */
    private static long recoveredAt(GroupTimeline group, long end, List<HistoryEvent.FaultApplied> windows, Level level,
                                    Set<Integer> partitions) {
        List<long[]> moments = new ArrayList<>(); // {atMs, lag or -1 for a state observation}
        group.lags().stream().filter(l -> l.atMs() >= end).forEach(l -> moments.add(new long[] {l.atMs(), l.lag()}));
        group.states().stream().filter(s -> s.atMs() >= end).forEach(s -> moments.add(new long[] {s.atMs(), -1}));
        moments.sort(Comparator.comparingLong((long[] m) -> m[0]).thenComparingLong(m -> -m[1]));
        long candidate = -1;
        for (long[] moment : moments) {
            long at = moment[0];
            if (candidate >= 0 && at >= nextWindowAfter(windows, candidate)) {
                return candidate;
            }
            boolean good = group.settledAt(at, partitions) && (moment[1] < 0 || moment[1] <= level.records());
            if (!good) {
                candidate = -1;
            } else if (candidate < 0 && moment[1] >= 0) {
                candidate = at;
            }
        }
        return candidate;
    }

    private static long nextWindowAfter(List<HistoryEvent.FaultApplied> windows, long atMs) {
        return windows.stream().mapToLong(HistoryEvent::atMs).filter(t -> t > atMs).min().orElse(Long.MAX_VALUE);
    }

    /** The window's lag peak, when the group caught up, the partitions it left without a member and for how long. */
    private static Map<String, Object> evidence(GroupTimeline group, HistoryEvent.FaultApplied window, long end,
                                                long until, Set<Integer> partitions, long loadStart) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("window", window.window() + " (" + window.action() + " " + String.join(",", window.targets()) + "), "
                + seconds(window.atMs(), loadStart) + "-" + seconds(end, loadStart) + " s");
        group.lags().stream().filter(l -> l.atMs() >= window.atMs() && l.atMs() <= until)
                .max(Comparator.comparingLong(HistoryEvent.ConsumerLagObserved::lag))
                .ifPresent(peak -> row.put("lagPeak", peak.lag() + " at " + seconds(peak.atMs(), loadStart) + " s"));
        row.put("caughtUpAt", seconds(until, loadStart) + " s");
        Set<Integer> unassigned = new TreeSet<>();
        long unassignedMs = 0;
        long notStableMs = 0;
        List<Long> times = new ArrayList<>(List.of(window.atMs()));
        group.states().stream().map(HistoryEvent::atMs).filter(t -> t > window.atMs() && t < until).forEach(times::add);
        times.add(until);
        for (int i = 0; i + 1 < times.size(); i++) {
            long at = times.get(i);
            long span = times.get(i + 1) - at;
            Set<Integer> missing = group.unassignedAt(at, partitions);
            unassigned.addAll(missing);
            unassignedMs += missing.isEmpty() ? 0 : span;
            notStableMs += group.stateAt(at).map(s -> s.state().equals(GroupTimeline.STABLE)).orElse(false) ? 0 : span;
        }
        row.put("unassignedPartitions", unassigned.isEmpty() ? "none" : unassigned + " for " + unassignedMs / 1000.0 + " s");
        row.put("notStable", notStableMs / 1000.0 + " s");
        goneMembers(group, window, until, loadStart).ifPresent(gone -> row.put("heldByGoneMember", gone));
        return row;
    }

    /**
     * A member present when the window began and no longer one when the group caught up (a killed
     * consumer, which the group keeps until its session times out): its partitions, and until when
     * it held them unconsumed.
     */
    private static java.util.Optional<String> goneMembers(GroupTimeline group, HistoryEvent.FaultApplied window, long until,
                                                          long loadStart) {
        java.util.Optional<HistoryEvent.ConsumerGroupObserved> atStart = group.stateAt(window.atMs());
        if (atStart.isEmpty()) {
            return java.util.Optional.empty();
        }
        Set<String> after = new TreeSet<>();
        group.stateAt(until).ifPresent(s -> s.members().forEach(m -> after.add(m.memberId())));
        List<String> gone = new ArrayList<>();
        for (HistoryEvent.GroupMember member : atStart.get().members()) {
            if (!after.contains(member.memberId())) {
                long leftAt = group.states().stream().filter(s -> s.atMs() > window.atMs()
                        && s.members().stream().noneMatch(m -> m.memberId().equals(member.memberId())))
                        .mapToLong(HistoryEvent::atMs).findFirst().orElse(until);
                gone.add(member.clientId() + " held " + member.partitions() + " until " + seconds(leftAt, loadStart) + " s");
            }
        }
        return gone.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", gone));
    }

    private static String seconds(long atMs, long loadStart) {
        return String.format(java.util.Locale.ROOT, "%.1f", (atMs - loadStart) / 1000.0);
    }
}
