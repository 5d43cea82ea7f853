package dev.chaosharness.harness.environment.attach;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a system that is already running can be reached, and how its instances are acted on
 * ({@code harness.runtime=attach}): read from an attach file beside the system file.
 *
 * @param source     the file, for messages
 * @param kafka      the bootstrap servers as reachable from the harness
 * @param faultProxy a Toxiproxy v2 API (the real Toxiproxy or fault-proxy) every routed link goes through
 * @param links      each routed link of the system ({@code caller->callee-N}, {@code instance->kafka}): its proxy's name
 * @param services   every service of the system, by name
 */
public record AttachFile(Path source, Address kafka, Address faultProxy, Map<String, Routed> links,
                         Map<String, AttachedService> services) {

    /** A host and port. */
    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A link and the proxy it goes through, with the line that says so. */
    public record Routed(String proxy, int line) {
    }

    /**
     * A service's running instances (each with its HTTP address, if it has one), the literal
     * properties it runs with, and how its instances are acted on: shell commands or Kubernetes.
     */
    public record AttachedService(String name, int line, Map<String, Instance> instances, Map<String, String> properties,
                                  Optional<Commands> commands, Optional<Kubernetes> kubernetes) {
    }

    /**
     * An instance: its HTTP address, if it has one, and the JMX address of its JVM, if one is open
     * ({@code host:port} of an RMI connector, as {@code -Dcom.sun.management.jmxremote.port} opens):
     * its GC pauses and threads are then streamed from its JFR remotely.
     */
    public record Instance(String name, int line, Optional<Address> http, Optional<Address> jmx) {

        public Instance(String name, int line, Optional<Address> http) {
            this(name, line, http, Optional.empty());
        }

        /** The JMX service URL of {@link #jmx}. */
        public Optional<String> jmxServiceUrl() {
            return jmx.map(address -> "service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi");
        }
    }

    /**
     * {@code sh -c} command lines with {@code ${instance}} for the instance's name, run in the attach
     * file's directory; each must end within {@code timeoutSeconds}.
     */
    public record Commands(String kill, String pause, String resume, String stop, String start, int timeoutSeconds) {
        public static final List<String> NAMES = List.of("kill", "pause", "resume", "stop", "start");
    }

    /** The pods of {@code selector} in {@code namespace}, taken in the order of their names as instances 1, 2, ... */
    public record Kubernetes(String namespace, String selector) {
    }
}
