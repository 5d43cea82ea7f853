package dev.chaosharness.harness.environment.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.TestSystems;
import dev.chaosharness.harness.yaml.YamlException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttachFileTest {

    private static final Path FILE = Path.of("/systems/attach.yaml");

    private static final String VALID = """
            kafka: 10.0.0.5:9092
            fault-proxy: 10.0.0.6:8474
            links:
              order->payment-1: pay1
              order->payment-2: pay2
              order->payment-3: pay3
            services:
              order:
                instances:
                  order-1: {http: 10.0.0.7:8080, jmx: 10.0.0.7:9010}
                commands:
                  kill: ./ctl kill ${instance}
                  pause: ./ctl pause ${instance}
                  resume: ./ctl resume ${instance}
                  stop: ./ctl stop ${instance}
                  start: ./ctl start ${instance}
              payment:
                instances: {payment-1: {}, payment-2: {}, payment-3: {}}
                kubernetes: {namespace: shop, selector: app=payment}
            """;

    /** The sample with its spare taken away: an attached system has none. */
    private static SystemSpec system() {
        SystemSpec system = TestSystems.orderPayment();
        return system.withService(system.service("payment").withSpares(0));
    }

    @Test
    void aValidFileSaysWhereEachInstanceRunsAndHowItIsActedOn() {
        AttachFile attach = AttachFileParser.parse(FILE, VALID);

        assertThat(attach.kafka()).isEqualTo(new AttachFile.Address("10.0.0.5", 9092));
        assertThat(attach.links()).containsEntry("order->payment-2", new AttachFile.Routed("pay2", 5));
        assertThat(attach.services().get("order").instances().get("order-1").jmxServiceUrl())
                .contains("service:jmx:rmi:///jndi/rmi://10.0.0.7:9010/jmxrmi");
        assertThat(attach.services().get("payment").instances().get("payment-1").jmxServiceUrl()).isEmpty();
        assertThat(attach.services().get("order").commands()).get()
                .satisfies(c -> assertThat(c.kill()).isEqualTo("./ctl kill ${instance}"));
        assertThat(attach.services().get("payment").kubernetes()).contains(new AttachFile.Kubernetes("shop", "app=payment"));
        assertThat(AttachRuntime.mistakes(system(), attach, Set.of("order->payment-1"))).isEmpty();
    }

    @Test
    void everyMistakeOfTheFileIsNamedAtOnceWithItsLine() {
        String broken = VALID.replace("kafka: 10.0.0.5:9092", "kafka: 10.0.0.5").replace("jmx: 10.0.0.7:9010", "jmx: 9010")
                .replace("    commands:\n      kill: ./ctl kill ${instance}\n", "    commands:\n")
                .replace("    kubernetes: {namespace: shop, selector: app=payment}",
                        "    kubernetes: {namespace: shop}");

        assertThatThrownBy(() -> AttachFileParser.parse(FILE, broken)).isInstanceOf(YamlException.class)
                .hasMessageStartingWith("4 mistakes:")
                .hasMessageContaining("services.order.instances.order-1.jmx: must be host:port, was '9010'")
                .hasMessageContaining(FILE + ":1: kafka: must be host:port, was '10.0.0.5'")
                .hasMessageContaining("services.order.commands.kill: is required")
                .hasMessageContaining("services.payment.kubernetes.selector: is required");
    }

    @Test
    void whatTheExperimentRunsMustBeWhatIsAttachedAndEveryActedOnLinkRouted() {
        SystemSpec system = system();
        SystemSpec changed = system.withService(system.service("payment").withInstances(2).withProperties(
                Map.of("payment.defect.naive-commit", "true")));
        AttachFile attach = AttachFileParser.parse(FILE, VALID.replace("  order->payment-3: pay3\n",
                "  order->payment-3: pay3\n  order->billing-1: bill\n"));

        List<String> mistakes = AttachRuntime.mistakes(changed, attach, Set.of("payment-1->kafka"));

        assertThat(mistakes).containsExactlyInAnyOrder(
                FILE + ":18: services.payment.instances: the experiment runs [payment-1, payment-2], the attach file gives"
                        + " [payment-1, payment-2, payment-3]",
                FILE + ":18: services.payment.properties: the experiment runs it with {payment.defect.naive-commit=true},"
                        + " the attached one runs with {} (the harness cannot change what runs: start it with them, or attach"
                        + " with another file)",
                FILE + ":6: links.order->payment-3: not a link of system 'order-payment'; known: [order-1->kafka,"
                        + " payment-1->kafka, payment-2->kafka, order->payment-1, order->payment-2]",
                FILE + ":7: links.order->billing-1: not a link of system 'order-payment'; known: [order-1->kafka,"
                        + " payment-1->kafka, payment-2->kafka, order->payment-1, order->payment-2]",
                FILE + ": links: the profile acts on payment-1->kafka, which the attach file does not route through the"
                        + " fault proxy");
    }
}
