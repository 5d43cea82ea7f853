package dev.chaosharness.harness.system;

import java.nio.file.Path;

/** Systems for tests, declared as a team would, with commands instead of jars so nothing must be built. */
public final class TestSystems {

    /** For a system file that names no {@code maven:} jar. */
    public static final java.nio.file.Path NO_MAVEN_REPOSITORY = java.nio.file.Path.of("target", "no-maven-repository");

    /** The shape of the order/payment sample: order calls payment (3 + 1 spare), both reach Kafka. */
    public static final String ORDER_PAYMENT = """
            name: order-payment
            kafka:
              topics:
                - {name: orders, partitions: 6}
                - {name: payments, partitions: 6}
            services:
              order:
                command: [order-service, "--port=${port}"]
                properties:
                  order.kafka-bootstrap: ${kafka.bootstrap}
                  order.payment-urls: ${urls:payment}
                ready:
                  http: /actuator/health
              payment:
                command: [payment-service, "--port=${port}"]
                instances: 3
                spares: 1
                properties:
                  payment.instance-id: ${instance}
                  payment.kafka-bootstrap: ${kafka.bootstrap}
                groups: [payment-capture]
                ready:
                  group: payment-capture
            """;

    private TestSystems() {
    }

    public static SystemSpec orderPayment() {
        return new SystemFileParser(name -> null, TestSystems.NO_MAVEN_REPOSITORY).parse(Path.of("/systems/order-payment.yaml"), ORDER_PAYMENT);
    }
}
