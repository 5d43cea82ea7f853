package dev.chaosharness.harness.probe;

/**
 * Something that watches the system while the load runs and writes what it sees to the run's
 * history: started before the load, closed once the faults have ended and the judged groups drained
 * (its last sample then shows where things settled). {@code Experiment} drives every one the same
 * way; a new one is a class implementing this and a line in {@link Probes#whileLoading}. A probe
 * that cannot see what it should writes a {@code probe-gap} event saying why.
 *
 * <p>What is read once after the load (a topic's records, a service's final states, a query's rows)
 * and after the environment is down (JFR recordings, deadline lines) is read by the classes of this
 * package that {@code Experiment} calls at those phases.
 */
public interface Probe extends AutoCloseable {

    /** Begins watching on a thread of its own; returns at once. */
    Probe start();

    /** Stops watching and writes its last sample; does not throw. */
    @Override
    void close();
}
