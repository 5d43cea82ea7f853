package dev.chaosharness.harness.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private final SystemSpec system = TestSystems.orderPayment();
    private final Topology topology = Topology.of(system.withService(system.service("payment").withInstances(2)));

    @Test
    void namesInstancesAndLinksIncludingTheSpare() {
        assertThat(topology.instances()).containsExactly("kafka", "order-1", "payment-1", "payment-2", "payment-3");
        assertThat(topology.links()).containsExactly("order-1->kafka", "payment-1->kafka", "payment-2->kafka",
                "payment-3->kafka", "order->payment-1", "order->payment-2", "order->payment-3");
    }

    @Test
    void derivesLinksOnlyFromWhatTheWiringNames() {
        SystemSpec declared = new SystemFileParser(name -> null, TestSystems.NO_MAVEN_REPOSITORY).parse(java.nio.file.Path.of("/s.yaml"), """
                name: three
                services:
                  gateway:
                    command: [gw]
                    args: ["--backend=${url:backend-2}", "--audit=${urls:audit}"]
                  backend:
                    command: [be]
                    instances: 2
                  audit:
                    command: [au]
                    env: {BOOTSTRAP: "${kafka.bootstrap}"}
                """);

        Topology derived = Topology.of(declared);

        assertThat(derived.instances()).containsExactly("kafka", "gateway-1", "backend-1", "backend-2", "audit-1");
        assertThat(derived.links()).as("one link per callee instance, and one to the broker per Kafka client")
                .containsExactly("audit-1->kafka", "gateway->backend-1", "gateway->backend-2", "gateway->audit-1");
    }

    @Test
    void resolvesExactNamesGroupsGlobsAndSeededRandomChoices() {
        assertThat(topology.resolveInstances("payment-2", new Random(1))).containsExactly("payment-2");
        assertThat(topology.resolveLinks("order->payment", new Random(1))).hasSize(3);
        assertThat(topology.resolveLinks("*->kafka", new Random(1))).hasSize(4);
        assertThat(topology.resolveInstances("random:payment-*", new Random(5)))
                .isEqualTo(topology.resolveInstances("random:payment-*", new Random(5)))
                .hasSize(1);
    }

    @Test
    void aTcpClientsInstancesHaveALinkEachAndAServiceTargetStillMeansAllOfThem() {
        SystemSpec declared = new SystemFileParser(name -> null, TestSystems.NO_MAVEN_REPOSITORY).parse(java.nio.file.Path.of("/s.yaml"), """
                name: pay
                services:
                  payments-db:
                    command: [db]
                    instances: 2
                  payment:
                    command: [pay, "--db=${addr:payments-db-1}", "--replica=${addr:payments-db-2}", "--api=${url:api-1}"]
                    instances: 2
                  api:
                    command: [api]
                """);
        Topology pay = Topology.of(declared);
        assertThat(pay.links()).containsExactly("payment-1->payments-db-1", "payment-1->payments-db-2",
                "payment-2->payments-db-1", "payment-2->payments-db-2", "payment->api-1");

        assertThat(pay.resolveLinks("payment->payments-db-1", new Random(1))).as("the service's links to that instance, as before")
                .containsExactly("payment-1->payments-db-1", "payment-2->payments-db-1");
        assertThat(pay.resolveLinks("payment-2->payments-db-1", new Random(1))).containsExactly("payment-2->payments-db-1");
        assertThat(pay.resolveLinks("payment-2->payments-db", new Random(1)))
                .containsExactly("payment-2->payments-db-1", "payment-2->payments-db-2");
        assertThat(pay.resolveLinks("payment->payments-db", new Random(1))).hasSize(4);
        assertThat(pay.resolveLinks("payment->api-1", new Random(1))).as("an HTTP link stays shared").containsExactly("payment->api-1");
        assertThatThrownBy(() -> pay.resolveLinks("payment-3->payments-db-1", new Random(1)))
                .hasMessageContaining("no link matches 'payment-3->payments-db-1'");
        assertThatThrownBy(() -> pay.resolveLinks("payment->payments-db-3", new Random(1)))
                .hasMessageContaining("no link matches");
    }

    @Test
    void aGroupDoesNotSwallowOtherLinks() {
        assertThatThrownBy(() -> topology.resolveLinks("payment-1", new Random(1)))
                .hasMessageContaining("no link matches 'payment-1'");
    }
}
