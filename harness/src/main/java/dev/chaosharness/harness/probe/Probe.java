package dev.chaosharness.harness.probe;

/**
 * Something that observes a run and writes what it sees to the run's history. {@code Experiment}
 * drives every registered probe ({@link Probes#REGISTERED}) through the same phases, in their order
 * of registration; a probe implements the phases it needs:
 * <ol>
 *   <li>{@link #verify}: the environment is ready, before the warm-up; a probe checks that it can
 *       read what it will need, and a mistake aborts the run before any load (naming the field);</li>
 *   <li>{@link #startWatching}: just before the load; a watching probe starts a thread of its own;</li>
 *   <li>{@link #stopWatching}: once every fault ended and every declared group drained (its last sample
 *       then shows where things settled); never throws;</li>
 *   <li>{@link #readAfterLoad}: the environment still up; final reads (a topic's records, a service's
 *       final states, a query's rows);</li>
 *   <li>{@link #readAfterEnvironment}: the environment is down; what the services left behind
 *       (JFR recordings, log lines).</li>
 * </ol>
 * A probe is created for one run from its {@link ProbeContext}. One that cannot see what it should
 * writes a {@code probe-gap} event saying why, so the checks that need it say UNKNOWN.
 */
public interface Probe {

    default void verify() {
    }

    default void startWatching() {
    }

    default void stopWatching() {
    }

    default void readAfterLoad() {
    }

    default void readAfterEnvironment() {
    }
}
