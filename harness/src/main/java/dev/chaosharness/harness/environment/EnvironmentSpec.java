package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to start: a declared system, as an experiment may have changed it (instances, defect
 * switches), with what the harness adds to every service JVM.
 *
 * @param system            the services, their wiring and the topics
 * @param serviceJvmOptions extra JVM options for every service JVM (after the service's own)
 * @param readyTimeout      bound on each wait for readiness of a service that declares none, and of the broker
 * @param seed              seeds the fault proxy's random choices
 */
public record EnvironmentSpec(SystemSpec system, List<String> serviceJvmOptions, Duration readyTimeout, long seed) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

    public EnvironmentSpec {
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /** The bound on one instance's wait for readiness: its service's {@code ready.timeout-seconds}, or the default. */
    public Duration readyTimeoutOf(ServiceSpec service) {
        return service.readyTimeout().orElse(readyTimeout);
    }

    /** With this bound on each wait for readiness of a service that declares none. */
    public EnvironmentSpec withReadyTimeout(Duration timeout) {
        return new EnvironmentSpec(system, serviceJvmOptions, timeout, seed);
    }

    public static EnvironmentSpec of(SystemSpec system) {
        return new EnvironmentSpec(system, List.of(), DEFAULT_READY_TIMEOUT, 1L);
    }

    /** With {@code count} instances of one service running from the start. */
    public EnvironmentSpec withInstances(String service, int count) {
        return withSystem(system.withService(system.service(service).withInstances(count)));
    }

    /** With these Spring-style properties added to one service's wiring (e.g. a defect switch). */
    public EnvironmentSpec withProperties(String service, Map<String, String> properties) {
        return withSystem(system.withService(system.service(service).withProperties(properties)));
    }

    public EnvironmentSpec withSystem(SystemSpec newSystem) {
        return new EnvironmentSpec(newSystem, serviceJvmOptions, readyTimeout, seed);
    }

    public EnvironmentSpec withSeed(long newSeed) {
        return new EnvironmentSpec(system, serviceJvmOptions, readyTimeout, newSeed);
    }
}
