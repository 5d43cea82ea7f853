package dev.chaosharness.harness.environment.local;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.environment.postgres.PostgresBinaries;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;

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
    public java.util.Optional<Launch.Host> servicesHost() {
        return java.util.Optional.of(Launch.Host.PROCESSES);
    }

    /** Started processes on loopback are cheap to restore between runs (links, groups, instances). */
    @Override
    public boolean sharesEnvironments() {
        return true;
    }

    /** Also: a postgres service needs Debian's PostgreSQL here, said before anything starts. */
    @Override
    public void requireRunnable(SystemSpec system) {
        EnvironmentRuntime.super.requireRunnable(system);
        for (ServiceSpec service : system.services().values()) {
            if (service.launch() instanceof Launch.Postgres && PostgresBinaries.find(PostgresBinaries.DEBIAN_ROOT).isEmpty()) {
                throw new IllegalArgumentException(system.source() + ":" + service.line() + ": services." + service.name()
                        + ": a postgres service runs Debian's PostgreSQL on the local runtime, and " + PostgresBinaries.DEBIAN_ROOT
                        + " has none: " + PostgresBinaries.INSTALL + " (or run on docker: -Dharness.runtime=docker)");
            }
        }
    }

    @Override
    public Environment create(EnvironmentSpec spec, RunDirectory runDir, HistorySink history) {
        requireRunnable(spec.system());
        return new LocalProcessEnvironment(spec, RuntimeArtifacts.of(settings), runDir, history);
    }
}
