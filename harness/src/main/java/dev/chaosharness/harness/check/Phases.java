package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The load cut into phases: before the first fault, during each fault window, while an instance a
 * window took away comes back (from the window's end until the instance is ready again and every
 * consumer group has each of its partitions assigned again: the fault's effect, not the steady
 * state), between and after them.
 */
public final class Phases {

    public record Phase(String name, long fromMs, long toMs, boolean underFault) {
        boolean contains(long atMs) {
            return atMs >= fromMs && atMs < toMs;
        }

        boolean overlaps(long startMs, long endMs) {
            return startMs < toMs && endMs >= fromMs;
        }
    }

    /**
     * The requests of a phase. A request in flight when a window began or ended belongs to that
     * window (the fault reached it), not to the quiet phase it started in. Read from the start and
     * end columns; each request is decoded only when the returned list is read.
     */
    static List<HistoryEvent.RequestCompleted> requestsOf(Phase phase, List<Phase> all,
                                                          List<HistoryEvent.RequestCompleted> requests) {
        if (!(requests instanceof CompactEvents<HistoryEvent.RequestCompleted> rows)) {
            return requestsOf(phase, all, new RunView(List.copyOf(requests)).requests());
        }
        List<Phase> faults = all.stream().filter(Phase::underFault).toList();
        int[] indices = IntStream.range(0, rows.size()).filter(i -> {
            long start = rows.longAt(i, RequestCodec.START);
            long end = rows.longAt(i, RequestCodec.AT);
            return phase.underFault() ? phase.overlaps(start, end)
                    : phase.contains(start) && faults.stream().noneMatch(p -> p.overlaps(start, end));
        }).toArray();
        return new AbstractList<>() {
            @Override
            public HistoryEvent.RequestCompleted get(int index) {
                return rows.get(indices[index]);
            }

            @Override
            public int size() {
                return indices.length;
            }
        };
    }

    /**
     * A restarted instance ready sooner than this after its window (one whose readiness is a group
     * it rejoins later, ready at once) has no recovering phase of its own: a phase of a few
     * milliseconds would hold no request and say UNKNOWN for want of one.
     */
    static final long MIN_RECOVERING_MS = 1_000;

    private Phases() {
    }

    public static List<Phase> of(RunView run) {
        long start = run.loadStartMs().orElse(Long.MIN_VALUE);
        long end = run.loadEndMs().orElse(Long.MAX_VALUE);
        List<HistoryEvent.FaultApplied> applied = run.all(HistoryEvent.FaultApplied.class).stream()
                .sorted(Comparator.comparingLong(HistoryEvent.FaultApplied::atMs)).toList();
        List<Phase> phases = new ArrayList<>();
        List<GroupTimeline> groups = GroupTimeline.of(run);
        long cursor = start;
        // an earlier window's instance (restarted by a fault) still not ready when a later window ends: when, and which
        long carriedReadyMs = 0;
        String carriedTargets = "";
        for (HistoryEvent.FaultApplied fault : applied) {
            long until = run.all(HistoryEvent.FaultRolledBack.class).stream().filter(r -> r.window() == fault.window())
                    .map(HistoryEvent::atMs).findFirst().orElse(end);
            if (fault.atMs() > cursor) {
                phases.add(new Phase(phases.isEmpty() ? "before faults" : "between faults", cursor, fault.atMs(), false));
            }
            phases.add(new Phase("during window " + fault.window() + " (" + fault.action() + " " + String.join(",", fault.targets())
                    + ")", fault.atMs(), until, true));
            long instanceReady = readyAgainMs(run, fault);
            long nextFault = applied.stream().mapToLong(HistoryEvent::atMs).filter(t -> t > fault.atMs()).min().orElse(end);
            long groupsSettled = instanceReady == 0 ? 0 : groupsSettledMs(groups, fault, instanceReady, nextFault, end);
            // ready only after the load: no phase of it; not settled when the next window begins: that window's
            // phase takes over (its effect and this one's overlap; LagRecoveryCheck times the groups across both),
            // and the recovery goes on after that window if the instance is still not back (a slow container)
            long ownReady = Math.max(instanceReady, groupsSettled);
            // only an instance carries over, not a group: one that never settled would leave no steady state after
            boolean carried = carriedReadyMs > until && carriedReadyMs > ownReady;
            long readyAgain = Math.min(carried ? carriedReadyMs : ownReady, Math.min(nextFault, end));
            if (readyAgain - until >= MIN_RECOVERING_MS) {
                String what = carried ? carriedTargets + " (from an earlier window) ready again"
                        : String.join(",", fault.targets()) + " ready again"
                                + (groupsSettled > instanceReady ? ", every group partition assigned" : "");
                phases.add(new Phase("recovering after window " + fault.window() + " (" + what + ")", until, readyAgain, true));
            }
            if (instanceReady > carriedReadyMs) {
                carriedReadyMs = instanceReady;
                carriedTargets = String.join(",", fault.targets());
            }
            cursor = Math.max(cursor, readyAgain - until >= MIN_RECOVERING_MS ? readyAgain : until);
        }
        phases.add(new Phase(applied.isEmpty() ? "whole load" : "after faults", cursor, end + 1, false));
        return phases;
    }

    /**
     * When every consumer group was Stable again with every partition it held before the window
     * assigned, at or after {@code readyMs}, and stayed so until the next window ({@code untilMs}): a restarted instance's readiness (its log line) is not
     * its group's, which may leave its partitions without a member for seconds more. 0 when no group
     * was observed before the window; {@code endMs} when one never settled.
     */
    private static long groupsSettledMs(List<GroupTimeline> groups, HistoryEvent.FaultApplied fault, long readyMs,
                                        long untilMs, long endMs) {
        long latest = 0;
        for (GroupTimeline group : groups) {
            java.util.Set<Integer> partitions = group.partitionsBefore(fault.atMs());
            if (!partitions.isEmpty()) {
                latest = Math.max(latest, group.settledFrom(readyMs, untilMs, partitions).orElse(endMs));
            }
        }
        return latest;
    }

    /** When the last of the window's target instances was ready again after it began (restarted), or 0. */
    private static long readyAgainMs(RunView run, HistoryEvent.FaultApplied fault) {
        long latest = 0;
        for (String target : fault.targets()) {
            latest = Math.max(latest, run.all(HistoryEvent.ProcessReady.class).stream()
                    .filter(r -> r.name().equals(target) && r.atMs() >= fault.atMs())
                    .mapToLong(HistoryEvent::atMs).min().orElse(0));
        }
        return latest;
    }

    static double percentile(List<Long> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
