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

    default void loadFinished(Environment environment) {
    }
}
