package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;
import java.util.Optional;

/**
 * A way to run the system under test: forked JVMs, containers, ... One class per runtime,
 * registered in {@code experiment.EnvironmentRuntimes}.
 */
public interface EnvironmentRuntime {

    /** The name users choose it by, with {@code -Dharness.runtime=<name>}. */
    String name();

    /** An environment for one run, not started yet; fails at once when the runtime cannot work here. */
    Environment create(EnvironmentSpec spec, RunDirectory runDir, HistorySink history);

    /**
     * Fails, naming the windows' line in {@code profileSource} and the reason, when this runtime's
     * fault proxy cannot apply one of the toxic {@code types} the profile uses (each with its line).
     */
    default void requireToxics(java.util.Map<String, Integer> linesByType, String profileSource) {
    }

    /**
     * Fails before anything starts, naming the file and line, when this runtime cannot run the
     * environment as the experiment declares it, or cannot act on a link the profile acts on.
     */
    default void requireEnvironment(EnvironmentSpec spec, java.util.Set<String> linksActedOn) {
    }

    /**
     * Where it runs the services it starts; empty for a runtime that starts none (it attaches to a
     * system that runs already).
     */
    default Optional<Launch.Host> servicesHost() {
        return Optional.empty();
    }

    /**
     * Whether the experiments of a suite that declare the same environment may share one started
     * environment, restored between runs; otherwise each experiment gets its own.
     */
    default boolean sharesEnvironments() {
        return false;
    }

    /** Fails, naming the service and where it is declared, when this runtime cannot run one of the system's services. */
    default void requireRunnable(SystemSpec system) {
        Optional<Launch.Host> host = servicesHost();
        for (ServiceSpec service : system.services().values()) {
            if (service.launch().profile().isPresent() && !host.equals(Optional.of(Launch.Host.PROCESSES))) {
                throw new IllegalArgumentException(system.source() + ":" + service.line() + ": services." + service.name()
                        + ".profile: async-profiler's agent starts with a JVM the local runtime forks; the " + name()
                        + " runtime cannot start it (remove profile, or run on the local runtime)");
            }
            if (host.isPresent() && !service.launch().runsOn(host.get())) {
                throw new IllegalArgumentException(system.source() + ":" + service.line() + ": services." + service.name()
                        + ": runs as " + service.launch().describe() + ", which the " + name()
                        + " runtime cannot run (a command runs on the local runtime only, an image on docker only)");
            }
        }
    }
}
