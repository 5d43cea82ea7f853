package dev.chaosharness.harness.history;

/**
 * Where an environment writes what happens to it (process starts and stops, wire observations):
 * a run's {@link RunHistory}, or, for an environment shared by a suite, whichever run is using it.
 */
@FunctionalInterface
public interface HistorySink {

    void append(HistoryEvent event);
}
