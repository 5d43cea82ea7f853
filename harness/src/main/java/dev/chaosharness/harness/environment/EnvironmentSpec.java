package dev.chaosharness.harness.environment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to start. Service properties are Spring properties passed to every instance of that
 * service (this is where defect switches are set), e.g. {@code payment.service-time-ms=50}.
 *
 * @param paymentInstances    members of the {@code payment-capture} group at the start
 * @param sparePaymentInstances instances prepared (ports, links) but not started, for faults that
 *                            add a consumer to the group
 * @param groupProtocol       Kafka group protocol of the payment consumers: classic or consumer
 * @param orderProperties     extra properties for order-service
 * @param paymentProperties   extra properties for every payment-service instance
 * @param serviceJvmOptions   extra JVM options for every service JVM
 * @param readyTimeout        bound on the whole start
 * @param seed                seeds the fault proxy's random choices
 */
public record EnvironmentSpec(
        int paymentInstances,
        int sparePaymentInstances,
        String groupProtocol,
        Map<String, String> orderProperties,
        Map<String, String> paymentProperties,
        List<String> serviceJvmOptions,
        Duration readyTimeout,
        long seed) {

    public EnvironmentSpec {
        if (paymentInstances < 1) {
            throw new IllegalArgumentException("paymentInstances must be at least 1, was " + paymentInstances);
        }
        if (sparePaymentInstances < 0) {
            throw new IllegalArgumentException("sparePaymentInstances must not be negative, was " + sparePaymentInstances);
        }
        if (!groupProtocol.equals("classic") && !groupProtocol.equals("consumer")) {
            throw new IllegalArgumentException("groupProtocol must be 'classic' or 'consumer', was '" + groupProtocol + "'");
        }
        orderProperties = Map.copyOf(orderProperties);
        paymentProperties = Map.copyOf(paymentProperties);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    public static EnvironmentSpec defaults() {
        return new EnvironmentSpec(3, 1, "classic", Map.of(), Map.of(), List.of(), Duration.ofSeconds(60), 1L);
    }

    public EnvironmentSpec withPaymentInstances(int count) {
        return new EnvironmentSpec(count, sparePaymentInstances, groupProtocol, orderProperties, paymentProperties,
                serviceJvmOptions, readyTimeout, seed);
    }

    public EnvironmentSpec withPaymentProperties(Map<String, String> properties) {
        return new EnvironmentSpec(paymentInstances, sparePaymentInstances, groupProtocol, orderProperties, properties,
                serviceJvmOptions, readyTimeout, seed);
    }

    public EnvironmentSpec withOrderProperties(Map<String, String> properties) {
        return new EnvironmentSpec(paymentInstances, sparePaymentInstances, groupProtocol, properties, paymentProperties,
                serviceJvmOptions, readyTimeout, seed);
    }

    public EnvironmentSpec withGroupProtocol(String protocol) {
        return new EnvironmentSpec(paymentInstances, sparePaymentInstances, protocol, orderProperties, paymentProperties,
                serviceJvmOptions, readyTimeout, seed);
    }

    public EnvironmentSpec withSeed(long newSeed) {
        return new EnvironmentSpec(paymentInstances, sparePaymentInstances, groupProtocol, orderProperties,
                paymentProperties, serviceJvmOptions, readyTimeout, newSeed);
    }
}
