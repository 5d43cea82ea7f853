package dev.chaosharness.harness.suite;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history a shared environment writes to: the history of the run that uses it, else the
 * environment's own journal (what happens between runs). It remembers each instance's latest start
 * and readiness, so that a later run's history can begin with the processes it finds running.
 */
final class HistoryRelay implements HistorySink {

    private final HistorySink journal;
    private volatile HistorySink target;
    private final Map<String, HistoryEvent.ProcessStarted> latestStart = new LinkedHashMap<>();
    private final Map<Long, HistoryEvent.ProcessReady> readyByPid = new LinkedHashMap<>();
    private final Map<Long, HistoryEvent.ProcessStopped> stoppedByPid = new LinkedHashMap<>();
    /** The pids whose start the current target has: a restore that started one wrote it there already. */
    private final java.util.Set<Long> startedInTarget = new java.util.HashSet<>();

    HistoryRelay(HistorySink journal) {
        this.journal = journal;
        this.target = journal;
    }

    @Override
    public void append(HistoryEvent event) {
        synchronized (this) {
            if (event instanceof HistoryEvent.ProcessStarted started) {
                latestStart.put(started.name(), started);
                startedInTarget.add(started.pid());
            } else if (event instanceof HistoryEvent.ProcessReady ready) {
                readyByPid.put(ready.pid(), ready);
            } else if (event instanceof HistoryEvent.ProcessStopped stopped) {
                stoppedByPid.put(stopped.pid(), stopped);
            }
        }
        target.append(event);
    }

    /** From now on, events go to {@code history} (a run's). */
    synchronized void to(HistorySink history) {
        target = history;
        startedInTarget.clear();
    }

    /** From now on, events go to the environment's own journal. */
    synchronized void toJournal() {
        target = journal;
        startedInTarget.clear();
    }

    /**
     * The start (and readiness) of every process that is running now, in the order they started,
     * but for those whose start the current target got already.
     */
    synchronized List<HistoryEvent> running() {
        List<HistoryEvent> events = new ArrayList<>();
        for (HistoryEvent.ProcessStarted started : latestStart.values()) {
            if (!stoppedByPid.containsKey(started.pid()) && !startedInTarget.contains(started.pid())) {
                events.add(started);
                HistoryEvent.ProcessReady ready = readyByPid.get(started.pid());
                if (ready != null) {
                    events.add(ready);
                }
            }
        }
        return events;
    }

    /** Whether the process of {@code pid} has not been seen to stop. */
    synchronized boolean isRunning(long pid) {
        return latestStart.values().stream().anyMatch(s -> s.pid() == pid) && !stoppedByPid.containsKey(pid);
    }
}
