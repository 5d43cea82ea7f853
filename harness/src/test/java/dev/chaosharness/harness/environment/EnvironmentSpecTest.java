package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSpecTest {

    @Test
    void defaultsAreThreePaymentInstancesOnTheClassicProtocol() {
        EnvironmentSpec spec = EnvironmentSpec.defaults();

        assertThat(spec.paymentInstances()).isEqualTo(3);
        assertThat(spec.groupProtocol()).isEqualTo("classic");
    }

    @Test
    void refusesNoPaymentInstances() {
        assertThatThrownBy(() -> EnvironmentSpec.defaults().withPaymentInstances(0))
                .hasMessageContaining("paymentInstances");
    }

    @Test
    void refusesAnUnknownGroupProtocol() {
        assertThatThrownBy(() -> new EnvironmentSpec(1, 0, "eager", Map.of(), Map.of(), List.of(), Duration.ofSeconds(1), 1))
                .hasMessageContaining("groupProtocol").hasMessageContaining("eager");
    }
}
