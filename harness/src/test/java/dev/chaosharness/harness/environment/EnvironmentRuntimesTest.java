package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.SystemSpec;
import org.junit.jupiter.api.Test;

class EnvironmentRuntimesTest {

    @Test
    void localIsTheDefault() {
        assertThat(EnvironmentRuntimes.selected(HarnessSettings.from(new java.util.Properties(System.getProperties()) {
            {
                remove(EnvironmentRuntimes.PROPERTY);
            }
        })).name()).isEqualTo("local");
    }

    @Test
    void dockerIsChosenByName() {
        assertThat(EnvironmentRuntimes.named("docker", HarnessSettings.fromSystemProperties()).name()).isEqualTo("docker");
    }

    @Test
    void anUnknownRuntimeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> EnvironmentRuntimes.named("kubernetes", HarnessSettings.fromSystemProperties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("harness.runtime=kubernetes").hasMessageContaining("[local, docker, attach]");
    }

    @Test
    void eachRuntimeSaysWhatItCanDo() {
        HarnessSettings settings = HarnessSettings.fromSystemProperties();
        EnvironmentRuntime local = EnvironmentRuntimes.named("local", settings);
        EnvironmentRuntime docker = EnvironmentRuntimes.named("docker", settings);
        EnvironmentRuntime attach = EnvironmentRuntimes.named("attach", settings);
        assertThat(local.servicesHost()).contains(Launch.Host.PROCESSES);
        assertThat(docker.servicesHost()).contains(Launch.Host.CONTAINERS);
        assertThat(attach.servicesHost()).as("it starts nothing").isEmpty();
        assertThat(local.sharesEnvironments()).isTrue();
        assertThat(docker.sharesEnvironments()).isFalse();
        assertThat(attach.sharesEnvironments()).isFalse();
    }

    @Test
    void aProfiledJvmIsRefusedWhereTheHarnessDoesNotForkIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("api.jar"), "jar");
        SystemSpec system = new dev.chaosharness.harness.system.SystemFileParser(name -> null,
                dev.chaosharness.harness.system.TestSystems.NO_MAVEN_REPOSITORY).parse(dir.resolve("system.yaml"), """
                name: s
                services:
                  api:
                    jar: api.jar
                    profile: wall
                """);
        EnvironmentRuntimes.named("local", HarnessSettings.fromSystemProperties()).requireRunnable(system);
        for (String runtime : java.util.List.of("docker", "attach")) {
            assertThatThrownBy(() -> EnvironmentRuntimes.named(runtime, HarnessSettings.fromSystemProperties()).requireRunnable(system))
                    .hasMessageContaining("system.yaml:3: services.api.profile: async-profiler's agent starts with a JVM the local "
                            + "runtime forks; the " + runtime + " runtime cannot start it");
        }
    }

    @Test
    void aCommandIsRefusedWhereServicesRunInContainers() {
        SystemSpec system = new dev.chaosharness.harness.system.SystemFileParser(name -> null,
                dev.chaosharness.harness.system.TestSystems.NO_MAVEN_REPOSITORY).parse(java.nio.file.Path.of("system.yaml"), """
                name: s
                services:
                  api:
                    command: [./api]
                """);
        EnvironmentRuntimes.named("local", HarnessSettings.fromSystemProperties()).requireRunnable(system);
        assertThatThrownBy(() -> EnvironmentRuntimes.named("docker", HarnessSettings.fromSystemProperties()).requireRunnable(system))
                .hasMessageContaining("system.yaml:3: services.api: runs as command ./api, which the docker runtime cannot run");
    }
}
