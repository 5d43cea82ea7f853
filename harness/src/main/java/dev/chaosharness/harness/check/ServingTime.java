package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * When each JVM (by pid) served the load, which is when its evidence means something: from its
 * {@code process-ready} event, or the environment's being up if that came later (while the other
 * JVMs still boot on the same cores, a JVM that is ready may still be loading classes: a metaspace
 * full GC then says nothing of it under load), until the load ended. An instance a fault restarts
 * is a new pid, judged again once it is ready. A history without any {@code process-ready} event
 * (an older run) counts every JVM as ready when the environment was up.
 */
final class ServingTime {

    private final Map<Long, Long> readyAtByPid;
    private final boolean recordsReadiness;
    private final long environmentUpMs;
    private final long loadEndMs;

    private ServingTime(Map<Long, Long> readyAtByPid, long environmentUpMs, long loadEndMs) {
        this.readyAtByPid = readyAtByPid;
        this.recordsReadiness = !readyAtByPid.isEmpty();
        this.environmentUpMs = environmentUpMs;
        this.loadEndMs = loadEndMs;
    }

    static ServingTime of(RunView run) {
        Map<Long, Long> readyAtByPid = run.all(HistoryEvent.ProcessReady.class).stream()
                .collect(Collectors.toMap(HistoryEvent.ProcessReady::pid, HistoryEvent::atMs, Math::min));
        long environmentUpMs = run.all(HistoryEvent.EnvironmentUp.class).stream().mapToLong(HistoryEvent::atMs).min()
                .orElse(Long.MIN_VALUE);
        return new ServingTime(readyAtByPid, environmentUpMs, run.loadEndMs().orElse(Long.MAX_VALUE));
    }

    /** When the JVM of {@code pid} was ready; never, for one that was not (it only ever started). */
    long readyAtMs(long pid) {
        return recordsReadiness ? Math.max(environmentUpMs, readyAtByPid.getOrDefault(pid, Long.MAX_VALUE)) : environmentUpMs;
    }

    boolean judged(long pid, long atMs) {
        return atMs >= readyAtMs(pid) && atMs < loadEndMs;
    }

    boolean starting(long pid, long atMs) {
        return atMs < readyAtMs(pid) && atMs < loadEndMs;
    }

    boolean afterLoad(long atMs) {
        return atMs >= loadEndMs;
    }
}
