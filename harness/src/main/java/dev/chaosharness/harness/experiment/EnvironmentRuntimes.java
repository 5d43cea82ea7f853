package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.LocalRuntime;

import dev.chaosharness.harness.environment.docker.DockerRuntime;
import java.util.List;

/** The runtimes there are, and the one chosen with {@code -Dharness.runtime} ({@code local} by default). */
public final class EnvironmentRuntimes {

    public static final String PROPERTY = "harness.runtime";

    private static final List<EnvironmentRuntime> ALL = List.of(
            new LocalRuntime(),
            new DockerRuntime());

    private EnvironmentRuntimes() {
    }

    public static EnvironmentRuntime selected() {
        return named(System.getProperty(PROPERTY, "local"));
    }

    public static EnvironmentRuntime named(String name) {
        return ALL.stream().filter(r -> r.name().equals(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + "=" + name + " is not a runtime; known: "
                        + ALL.stream().map(EnvironmentRuntime::name).toList()));
    }
}
