package dev.chaosharness.harness.environment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to start. Service properties are Spring properties passed to every instance of that
 * service (this is where defect switches are set), e.g. {@code payment.service-time-ms=50}.
 *
 * @param paymentInstances    members of the {@code payment-capture} group
 * @param groupProtocol       Kafka group protocol of the payment consumers: classic or consumer
 * @param orderProperties     extra properties for order-service
 * @param paymentProperties   extra properties for every payment-service instance
 * @param serviceJvmOptions   extra JVM options for every service JVM
 * @param readyTimeout        bound on the whole start
 */
public record EnvironmentSpec(
        int paymentInstances,
        String groupProtocol,
        Map<String, String> orderProperties,
        Map<String, String> paymentProperties,
        List<String> serviceJvmOptions,
        Duration readyTimeout) {

    public EnvironmentSpec {
        if (paymentInstances < 1) {
            throw new IllegalArgumentException("paymentInstances must be at least 1, was " + paymentInstances);
        }
        if (!groupProtocol.equals("classic") && !groupProtocol.equals("consumer")) {
            throw new IllegalArgumentException("groupProtocol must be 'classic' or 'consumer', was '" + groupProtocol + "'");
        }
        orderProperties = Map.copyOf(orderProperties);
        paymentProperties = Map.copyOf(paymentProperties);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    public static EnvironmentSpec defaults() {
        return new EnvironmentSpec(3, "classic", Map.of(), Map.of(), List.of(), Duration.ofSeconds(60));
    }

    public EnvironmentSpec withPaymentInstances(int count) {
        return new EnvironmentSpec(count, groupProtocol, orderProperties, paymentProperties, serviceJvmOptions, readyTimeout);
    }

    public EnvironmentSpec withPaymentProperties(Map<String, String> properties) {
        return new EnvironmentSpec(paymentInstances, groupProtocol, orderProperties, properties, serviceJvmOptions, readyTimeout);
    }

    public EnvironmentSpec withOrderProperties(Map<String, String> properties) {
        return new EnvironmentSpec(paymentInstances, groupProtocol, properties, paymentProperties, serviceJvmOptions, readyTimeout);
    }
}
