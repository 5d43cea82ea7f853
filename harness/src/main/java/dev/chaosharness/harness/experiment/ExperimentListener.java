package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.history.RunDirectory;

/** Called between the phases of a run; an exception thrown here aborts the run (which still cleans up). */
public interface ExperimentListener {

    ExperimentListener NONE = new ExperimentListener() {
    };

    default void runStarted(RunDirectory runDir) {
    }

    default void environmentReady(Environment environment) {
    }

    /** The load is about to start; the fault schedule starts with its first request. */
    default void loadStarting(Environment environment) {
    }

    default void loadFinished(Environment environment) {
    }

    /** Every fault has ended and the environment is restored (also on an aborted run); it is still running. */
    default void faultsEnded(Environment environment) {
    }
}
