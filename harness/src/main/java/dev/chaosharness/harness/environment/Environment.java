package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.environment.local.LocalProcessEnvironment;
import dev.chaosharness.harness.system.SystemSpec;
import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A declared system running: a Kafka broker, the fault proxy, and every service instance.
 * Implementations: {@link LocalProcessEnvironment} (forked JVMs on loopback) and
 * {@code DockerEnvironment} (containers through Testcontainers), chosen by {@code experiment.EnvironmentRuntimes}.
 * Closing it stops everything it started (the services, then the broker), whatever state it is in.
 *
 * <p>Whatever the runtime, a run directory gets the same artifacts: {@code logs/<instance>.log}
 * (every start appended), {@code jfr/<instance>-<start>.jfr} for each service JVM that exited
 * normally, {@code kafka/kafka.log}, and a process-started / process-stopped event per start.
 */
public interface Environment extends AutoCloseable {

    /**
     * Starts everything and waits until it is ready; returns how long that took (ms). Throws
     * {@link EnvironmentStartException} naming what is not ready.
     */
    long start();

    /** Name of the runtime, e.g. {@code local}. */
    String runtime();

    /** Bootstrap servers as reachable from the harness. */
    String kafkaBootstrap();

    /** The system it runs, as the experiment declared it. */
    SystemSpec system();

    /** When the services start: the system file's {@code kafka.services-start} where this runtime supports it. */
    default SystemSpec.ServicesStart servicesStart() {
        return SystemSpec.ServicesStart.AFTER_TOPICS;
    }

    /** The HTTP base URI of a service's first running instance, as reachable from the harness. */
    default URI serviceUri(String service) {
        return serviceUris(service).get(0);
    }

    /**
     * The HTTP base URIs of every running instance of a service, in instance order: a load's targets
     * (it spreads its users over them, as a load balancer in front of them would).
     */
    default java.util.List<URI> serviceUris(String service) {
        system().service(service);
        java.util.List<URI> uris = instances().stream().filter(i -> i.role().equals(service) && i.isRunning())
                .map(ServiceInstance::httpUri).flatMap(java.util.Optional::stream).toList();
        if (uris.isEmpty()) {
            throw new NoSuchElementException("no running instance of " + service + " has an HTTP port");
        }
        return uris;
    }

    /** The Toxiproxy-API server every link goes through: for the Toxiproxy Java client and the toxics' JSON calls. */
    FaultProxyAddress faultProxy();

    /**
     * Whether the harness started the fault proxy (and may clear it whole); false for one it
     * attached to, which may carry its team's own toxics.
     */
    default boolean ownsFaultProxy() {
        return true;
    }

    /**
     * Restarts the fault proxy's random draws (jitter, toxicity, slice sizes) from {@code seed}, as a
     * proxy started with it would make them, so each run of a shared environment replays as its
     * seed says; false where this runtime's proxy cannot be reseeded (it keeps the seed it started with).
     */
    default boolean reseedFaultProxy(long seed) {
        return false;
    }

    /** The name of the proxy a link goes through: the link's own, unless the system was attached to. */
    default String proxyName(String link) {
        return link;
    }

    /** The link a proxy of the fault proxy carries, if it is one of this environment's. */
    default java.util.Optional<String> linkOfProxy(String proxy) {
        return links().contains(proxy) ? java.util.Optional.of(proxy) : java.util.Optional.empty();
    }

    /**
     * Named network links through the fault proxy, {@code <caller>-><callee>-N} (HTTP) and
     * {@code <instance>->kafka}; each is a proxy of the same name.
     */
    List<String> links();

    /** Every instance, as started: the broker first; spare instances are listed but not running. */
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

        /** A client of its control API. */
        public dev.chaosharness.harness.proxy.FaultProxyClient client() {
            return new dev.chaosharness.harness.proxy.FaultProxyClient(host, port);
        }
    }
}
