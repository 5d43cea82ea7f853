package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Whether the instances of the load's entry service (the run's {@code entryService}) were up, read
 * from the history's process and fault events: an instance is up from its readiness until it is
 * stopped (killed, stopped, exited), and not while a pause window holds it. A stop a fault window
 * caused counts from the window's start (the process event follows it by a few milliseconds).
 */
final class EntryInstances {

    private record Transition(long atMs, boolean up, String how) {
    }

    private record Paused(long fromMs, long toMs) {
    }

    private record Timeline(String instance, List<Transition> transitions, List<Paused> pauses, boolean everReady) {

        boolean upAt(long atMs) {
            if (pauses.stream().anyMatch(p -> atMs >= p.fromMs() && atMs < p.toMs())) {
                return false;
            }
            return !everReady || state(atMs).map(Transition::up).orElse(false);
        }

        Optional<Transition> state(long atMs) {
            return transitions.stream().filter(t -> t.atMs() <= atMs).reduce((a, b) -> b);
        }

        String howDownAt(long atMs) {
            if (pauses.stream().anyMatch(p -> atMs >= p.fromMs() && atMs < p.toMs())) {
                return instance + " paused";
            }
            return instance + " " + state(atMs).map(Transition::how).orElse("not started");
        }

        /** The times in [fromMs, toMs) at which its state may change, {@code fromMs} first. */
        List<Long> changesWithin(long fromMs, long toMs) {
            TreeSet<Long> times = new TreeSet<>();
            times.add(fromMs);
            transitions.forEach(t -> times.add(t.atMs()));
            pauses.forEach(p -> times.add(p.toMs()));
            // a phase a run's end cut short can end before it began (a harness that died mid-window)
            return toMs <= fromMs ? List.of(fromMs) : List.copyOf(times.subSet(fromMs, true, toMs, false));
        }
    }

    private EntryInstances() {
    }

    /**
     * When no instance of the entry service was up at any time in [fromMs, toMs): how each was down
     * ("api-1 killed, api-2 paused"); empty when one was up, or the history cannot tell (no
     * entry service named, or none of its instances started by the harness).
     */
    static Optional<String> allDownThroughout(RunView run, long fromMs, long toMs) {
        Optional<String> entry = run.all(HistoryEvent.RunStarted.class).stream().findFirst()
                .map(r -> r.parameters().get("entryService"));
        if (entry.isEmpty() || entry.get() == null) {
            return Optional.empty();
        }
        Pattern instanceOfEntry = Pattern.compile(Pattern.quote(entry.get()) + "-\\d+");
        List<String> instances = run.all(HistoryEvent.ProcessStarted.class).stream().map(HistoryEvent.ProcessStarted::name)
                .filter(name -> instanceOfEntry.matcher(name).matches()).distinct().toList();
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        List<String> down = new ArrayList<>();
        for (String instance : instances) {
            Timeline timeline = timeline(run, instance);
            if (timeline.changesWithin(fromMs, toMs).stream().anyMatch(timeline::upAt)) {
                return Optional.empty();
            }
            down.add(timeline.howDownAt(fromMs));
        }
        return Optional.of(String.join(", ", down));
    }

    private static Timeline timeline(RunView run, String instance) {
        List<HistoryEvent.FaultApplied> faultsOnIt = run.all(HistoryEvent.FaultApplied.class).stream()
                .filter(f -> f.targets().contains(instance)).toList();
        List<Transition> transitions = new ArrayList<>();
        long lastReadyMs = Long.MIN_VALUE;
        List<HistoryEvent> events = new ArrayList<>(run.all(HistoryEvent.ProcessReady.class));
        events.addAll(run.all(HistoryEvent.ProcessStopped.class));
        events.sort(Comparator.comparingLong(HistoryEvent::atMs));
        for (HistoryEvent event : events) {
            if (event instanceof HistoryEvent.ProcessReady ready && ready.name().equals(instance)) {
                transitions.add(new Transition(ready.atMs(), true, "ready"));
                lastReadyMs = ready.atMs();
            } else if (event instanceof HistoryEvent.ProcessStopped stopped && stopped.name().equals(instance)) {
                long sinceReady = lastReadyMs;
                long fromMs = faultsOnIt.stream().mapToLong(HistoryEvent::atMs)
                        .filter(at -> at > sinceReady && at <= stopped.atMs()).min().orElse(stopped.atMs());
                transitions.add(new Transition(fromMs, false, stopped.how()));
            }
        }
        transitions.sort(Comparator.comparingLong(Transition::atMs));
        List<Paused> pauses = faultsOnIt.stream().filter(f -> f.action().equals("pause"))
                .map(f -> new Paused(f.atMs(), run.all(HistoryEvent.FaultRolledBack.class).stream()
                        .filter(r -> r.window() == f.window()).mapToLong(HistoryEvent::atMs).findFirst()
                        .orElse(Long.MAX_VALUE)))
                .toList();
        boolean everReady = transitions.stream().anyMatch(Transition::up);
        return new Timeline(instance, transitions, pauses, everReady);
    }
}
