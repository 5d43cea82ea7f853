package dev.chaosharness.scenarios;

import dev.chaosharness.harness.environment.EnvironmentRuntimes;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.Launch;
import java.util.Optional;

/** The harness settings failsafe passes as system properties (the pom's), read once for every IT. */
final class Settings {

    static final HarnessSettings SETTINGS = HarnessSettings.fromSystemProperties();

    private Settings() {
    }

    /** Whether the selected runtime runs the services it starts as processes of this machine. */
    static boolean onProcesses() {
        return servicesHost().equals(Optional.of(Launch.Host.PROCESSES));
    }

    /** Whether the selected runtime runs the services it starts in containers. */
    static boolean onContainers() {
        return servicesHost().equals(Optional.of(Launch.Host.CONTAINERS));
    }

    private static Optional<Launch.Host> servicesHost() {
        return EnvironmentRuntimes.selected(SETTINGS).servicesHost();
    }
}
