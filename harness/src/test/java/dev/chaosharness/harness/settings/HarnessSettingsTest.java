package dev.chaosharness.harness.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HarnessSettingsTest {

    private static HarnessSettings with(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty("user.home", "/home/u");
        properties.setProperty("java.home", "/jdk");
        if (value != null) {
            properties.setProperty(name, value);
        }
        return HarnessSettings.from(properties);
    }

    @Test
    void theReadyTimeoutIsADurationCheckedWhenTheSettingsAreRead() {
        assertThat(with(HarnessSettings.READY_TIMEOUT_SECONDS, null).readyTimeout()).isEmpty();
        assertThat(with(HarnessSettings.READY_TIMEOUT_SECONDS, " 120 ").readyTimeout()).contains(Duration.ofSeconds(120));
        for (String wrong : new String[] {"0", "3601", "2m", "-5"}) {
            assertThatThrownBy(() -> with(HarnessSettings.READY_TIMEOUT_SECONDS, wrong))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("-Dharness.ready-timeout-seconds must be a whole number of seconds from 1 to 3600, was '"
                            + wrong.strip() + "'");
        }
    }

    @Test
    void aSettingIsPassedToTheHarnessJvmUnderItsOneName() {
        assertThat(HarnessSettings.define(HarnessSettings.RUNTIME, "docker")).isEqualTo("-Dharness.runtime=docker");
        assertThat(with(HarnessSettings.RUNTIME, "docker").runtime()).isEqualTo("docker");
        assertThat(with(HarnessSettings.RUNTIME, null).runtime()).as("the default").isEqualTo("local");
    }
}
