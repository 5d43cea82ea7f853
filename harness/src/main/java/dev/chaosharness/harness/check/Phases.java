package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The load cut into phases: before the first fault, during each fault window, between and after them. */
final class Phases {

    record Phase(String name, long fromMs, long toMs, boolean underFault) {
        boolean contains(long atMs) {
            return atMs >= fromMs && atMs < toMs;
        }

        boolean overlaps(long startMs, long endMs) {
            return startMs < toMs && endMs >= fromMs;
        }
    }

    /**
     * The requests of a phase. A request in flight when a window began or ended belongs to that
     * window (the fault reached it), not to the quiet phase it started in.
     */
    static List<HistoryEvent.RequestCompleted> requestsOf(Phase phase, List<Phase> all,
                                                          List<HistoryEvent.RequestCompleted> requests) {
        if (phase.underFault()) {
            return requests.stream().filter(r -> phase.overlaps(r.startMs(), r.atMs())).toList();
        }
        return requests.stream().filter(r -> phase.contains(r.startMs()))
                .filter(r -> all.stream().noneMatch(p -> p.underFault() && p.overlaps(r.startMs(), r.atMs()))).toList();
    }

    private Phases() {
    }

    static List<Phase> of(RunView run) {
        long start = run.loadStartMs().orElse(Long.MIN_VALUE);
        long end = run.loadEndMs().orElse(Long.MAX_VALUE);
        List<HistoryEvent.FaultApplied> applied = run.all(HistoryEvent.FaultApplied.class).stream()
                .sorted(Comparator.comparingLong(HistoryEvent.FaultApplied::atMs)).toList();
        List<Phase> phases = new ArrayList<>();
        long cursor = start;
        for (HistoryEvent.FaultApplied fault : applied) {
            long until = run.all(HistoryEvent.FaultRolledBack.class).stream().filter(r -> r.window() == fault.window())
                    .map(HistoryEvent::atMs).findFirst().orElse(end);
            if (fault.atMs() > cursor) {
                phases.add(new Phase(phases.isEmpty() ? "before faults" : "between faults", cursor, fault.atMs(), false));
            }
            phases.add(new Phase("during window " + fault.window() + " (" + fault.action() + " " + String.join(",", fault.targets())
                    + ")", fault.atMs(), until, true));
            cursor = Math.max(cursor, until);
        }
        phases.add(new Phase(applied.isEmpty() ? "whole load" : "after faults", cursor, end + 1, false));
        return phases;
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
