package dev.chaosharness.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvironmentRuntimesTest {

    @Test
    void localIsTheDefault() {
        String before = System.clearProperty(EnvironmentRuntimes.PROPERTY);
        try {
            assertThat(EnvironmentRuntimes.selected().name()).isEqualTo("local");
        } finally {
            if (before != null) {
                System.setProperty(EnvironmentRuntimes.PROPERTY, before);
            }
        }
    }

    @Test
    void dockerIsChosenByName() {
        assertThat(EnvironmentRuntimes.named("docker").name()).isEqualTo("docker");
    }

    @Test
    void anUnknownRuntimeIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> EnvironmentRuntimes.named("kubernetes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("harness.runtime=kubernetes").hasMessageContaining("[local, docker]");
    }
}
