package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.settings.HarnessSettings;

/** Processes on loopback with the embedded fault proxy: needs nothing but a JDK. The default. */
public final class LocalRuntime implements EnvironmentRuntime {

    private final HarnessSettings settings;

    public LocalRuntime(HarnessSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Environment create(EnvironmentSpec spec, RunDirectory runDir, HistorySink history) {
        requireRunnable(spec.system());
        return new LocalProcessEnvironment(spec, RuntimeArtifacts.of(settings), runDir, history);
    }
}
