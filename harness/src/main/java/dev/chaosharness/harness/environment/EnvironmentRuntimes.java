package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.environment.local.LocalRuntime;
import dev.chaosharness.harness.environment.attach.AttachRuntime;
import dev.chaosharness.harness.environment.docker.DockerRuntime;
import dev.chaosharness.harness.settings.HarnessSettings;
import java.util.List;

/** The runtimes there are, and the one the settings choose ({@code harness.runtime}, {@code local} by default). */
public final class EnvironmentRuntimes {

    public static final String PROPERTY = HarnessSettings.RUNTIME;

    private EnvironmentRuntimes() {
    }

    /** Every runtime, one line each. */
    private static List<EnvironmentRuntime> all(HarnessSettings settings) {
        return List.of(
                new LocalRuntime(settings),
                new DockerRuntime(settings),
                new AttachRuntime(settings));
    }

    public static EnvironmentRuntime selected(HarnessSettings settings) {
        return named(settings.runtime(), settings);
    }

    public static EnvironmentRuntime named(String name, HarnessSettings settings) {
        List<EnvironmentRuntime> all = all(settings);
        return all.stream().filter(r -> r.name().equals(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + "=" + name + " is not a runtime; known: "
                        + all.stream().map(EnvironmentRuntime::name).toList()));
    }
}
