package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;

/** Processes on loopback with the embedded fault proxy: needs nothing but a JDK. The default. */
public final class LocalRuntime implements EnvironmentRuntime {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Environment create(EnvironmentSpec spec, RunDirectory runDir, RunHistory history) {
        requireRunnable(spec.system());
        return new LocalProcessEnvironment(spec, RuntimeArtifacts.fromClasspath(), runDir, history);
    }
}
