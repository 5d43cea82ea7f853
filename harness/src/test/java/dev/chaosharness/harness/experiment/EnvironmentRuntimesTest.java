package dev.chaosharness.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.settings.HarnessSettings;
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
}
