package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.chaos.action.FaultAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.environment.EnvironmentSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private final Topology topology = Topology.of(EnvironmentSpec.defaults().withPaymentInstances(2));

    @Test
    void namesInstancesAndLinksIncludingTheSpare() {
        assertThat(topology.instances()).containsExactly("kafka", "order-1", "payment-1", "payment-2", "payment-3");
        assertThat(topology.links()).containsExactly("order-1->kafka", "payment-1->kafka", "payment-2->kafka",
                "payment-3->kafka", "order->payment-1", "order->payment-2", "order->payment-3");
    }

    @Test
    void resolvesExactNamesGroupsGlobsAndSeededRandomChoices() {
        assertThat(topology.resolve("payment-2", FaultAction.TargetKind.INSTANCE, new Random(1))).containsExactly("payment-2");
        assertThat(topology.resolve("order->payment", FaultAction.TargetKind.LINK, new Random(1))).hasSize(3);
        assertThat(topology.resolve("*->kafka", FaultAction.TargetKind.LINK, new Random(1))).hasSize(4);
        assertThat(topology.resolve("random:payment-*", FaultAction.TargetKind.INSTANCE, new Random(5)))
                .isEqualTo(topology.resolve("random:payment-*", FaultAction.TargetKind.INSTANCE, new Random(5)))
                .hasSize(1);
    }

    @Test
    void aGroupDoesNotSwallowOtherLinks() {
        assertThatThrownBy(() -> topology.resolve("payment-1", FaultAction.TargetKind.LINK, new Random(1)))
                .hasMessageContaining("no link matches 'payment-1'");
    }
}
