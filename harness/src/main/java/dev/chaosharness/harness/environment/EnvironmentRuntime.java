package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;

/**
 * A way to run the system under test: forked JVMs, containers, ... One class per runtime,
 * registered in {@code experiment.EnvironmentRuntimes}.
 */
public interface EnvironmentRuntime {

    /** The name users choose it by, with {@code -Dharness.runtime=<name>}. */
    String name();

    /** An environment for one run, not started yet; fails at once when the runtime cannot work here. */
    Environment create(EnvironmentSpec spec, RunDirectory runDir, RunHistory history);
}
