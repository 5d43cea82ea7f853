package dev.chaosharness.harness.environment;

import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The system under test as a whole: a Kafka broker, order-service and the payment-service
 * instances. Implementations: {@link LocalProcessEnvironment} (forked JVMs on loopback) and
 * {@code DockerEnvironment} (containers through Testcontainers), chosen by {@code experiment.EnvironmentRuntimes}.
 * Closing it stops everything it started, in reverse order, whatever state it is in.
 *
 * <p>Whatever the runtime, a run directory gets the same artifacts: {@code logs/<instance>.log}
 * (every start appended), {@code jfr/<instance>-<start>.jfr} for each service JVM that exited
 * normally, {@code kafka/kafka.log}, and a process-started / process-stopped event per start.
 */
public interface Environment extends AutoCloseable {

    String ORDERS_TOPIC = "orders";
    String PAYMENTS_TOPIC = "payments";
    String CAPTURE_GROUP = "payment-capture";

    /** Starts everything and waits until it is ready; throws {@link EnvironmentStartException} naming what is not. */
    void start();

    /** Name of the runtime, e.g. {@code local}. */
    String runtime();

    /** Bootstrap servers as reachable from the harness. */
    String kafkaBootstrap();

    /** order-service's base URI as reachable from the harness (the load's target). */
    URI orderServiceUri();

    /** The Toxiproxy-API server every link goes through, for the official Toxiproxy client. */
    FaultProxyAddress faultProxy();

    /**
     * Named network links through the fault proxy, e.g. {@code order->payment-2} (HTTP) and
     * {@code payment-2->kafka}; each is a proxy of the same name.
     */
    List<String> links();

    /** Every instance, in start order: the broker first; spare instances are listed but not running. */
    List<ServiceInstance> instances();

    default ServiceInstance instance(String name) {
        return instances().stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no instance named '" + name + "'; known: "
                        + instances().stream().map(ServiceInstance::name).toList()));
    }

    default List<ServiceInstance> instancesOf(String role) {
        return instances().stream().filter(i -> i.role().equals(role)).toList();
    }

    @Override
    void close();

    /** Host and port of a Toxiproxy-compatible control API. */
    record FaultProxyAddress(String host, int port) {
    }
}
