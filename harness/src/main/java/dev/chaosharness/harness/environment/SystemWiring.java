package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.Placeholder;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a declared system is wired, the same on every runtime: one fault-proxy link per Kafka client
 * instance ({@code <instance>->kafka}, to a broker listener of its own that advertises the link),
 * one per callee instance of each HTTP caller ({@code <caller>-><callee>-N}) and one per caller
 * instance and callee instance of a TCP client ({@code <caller>-M-><callee>-N}); then every
 * instance's arguments and environment with its placeholders filled in. A runtime says only where
 * things listen and how they reach each other ({@link Network}).
 */
public final class SystemWiring {

    private SystemWiring() {
    }

    /** Where things are on one runtime. Each call may allocate a port. */
    public interface Network {

        /** What {@code ${host}} is: the address an instance binds. */
        String bindHost();

        /** The port an instance listens on ({@code ${port}}). */
        int instancePort(String instance);

        /** How the fault proxy reaches an instance's port. */
        String instanceAddress(String instance, int port);

        /** A new proxy listen address: what the proxy binds, and how services reach it. */
        ProxyAddress nextProxy();

        /** A new broker listener port for one Kafka client, and how the fault proxy reaches it. */
        BrokerAddress nextBrokerListener();

        /** What {@code ${run.dir}} is for an instance. */
        String runDir();

        /** What {@code ${data.dir}} is for an instance: its own directory, kept across its restarts. */
        String dataDir(String instance);

        /** Where this network's services run: of a command and an image, that host runs its own. */
        Launch.Host host();
    }

    public record ProxyAddress(String listen, String reachedAt) {
    }

    public record BrokerAddress(int port, String reachedAt) {
    }

    /**
     * A link of the fault proxy: its name, what it binds, where it forwards, how clients reach it;
     * {@code http}: it carries HTTP/1.1 (a call link), so the fault proxy observes its exchanges.
     */
    public record Link(String name, String listen, String upstream, String reachedAt, boolean http) {
    }

    /** A broker listener of one Kafka client's own, advertising the client's link. */
    public record ClientListener(String client, int brokerPort, String advertised) {
    }

    /**
     * One instance as it will run: its service, whether it is a spare, its port, and its filled-in
     * wiring; {@code command} is the service's command line filled in (empty for a jar or an image).
     */
    public record InstancePlan(String name, ServiceSpec service, int index, boolean spare, int port,
                               List<String> command, List<String> args, Map<String, String> env) {
        public InstancePlan {
            command = List.copyOf(command);
            args = List.copyOf(args);
            env = Map.copyOf(env);
        }
    }

    public record Plan(List<Link> links, List<ClientListener> clientListeners, List<InstancePlan> instances) {
        public Plan {
            links = List.copyOf(links);
            clientListeners = List.copyOf(clientListeners);
            instances = List.copyOf(instances);
        }
    }

    public static Plan plan(SystemSpec system, Network network) {
        return plan(system, network, System::getenv);
    }

    static Plan plan(SystemSpec system, Network network, Function<String, String> environment) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        system.services().values().forEach(s -> s.instanceNames().forEach(i -> ports.put(i, network.instancePort(i))));
        List<Link> links = new ArrayList<>();
        List<ClientListener> listeners = new ArrayList<>();
        Map<String, String> bootstrapOf = new LinkedHashMap<>();
        for (String instance : Topology.kafkaClientInstances(system)) {
            ProxyAddress proxy = network.nextProxy();
            BrokerAddress broker = network.nextBrokerListener();
            links.add(new Link(Topology.kafkaLink(instance), proxy.listen(), broker.reachedAt(), proxy.reachedAt(), false));
            listeners.add(new ClientListener(instance, broker.port(), proxy.reachedAt()));
            bootstrapOf.put(instance, proxy.reachedAt());
        }
        Map<String, String> addressOf = new LinkedHashMap<>(); // "<caller>-><callee instance>" -> host:port
        for (Topology.Call call : Topology.calls(system)) {
            ProxyAddress proxy = network.nextProxy();
            links.add(new Link(call.link(), proxy.listen(), network.instanceAddress(call.calleeInstance(),
                    ports.get(call.calleeInstance())), proxy.reachedAt(), call.http()));
            addressOf.put(call.link(), proxy.reachedAt());
        }
        List<InstancePlan> instances = new ArrayList<>();
        for (ServiceSpec service : system.services().values()) {
            List<String> names = service.instanceNames();
            for (int i = 0; i < names.size(); i++) {
                String instance = names.get(i);
                int index = i + 1;
                Placeholder.Values values = p -> value(p, system, service, instance, index, ports.get(instance),
                        bootstrapOf, addressOf, network, environment);
                List<String> command = service.launch().on(network.host()) instanceof Launch.Command given
                        ? given.command().stream().map(part -> Placeholder.expand(part, values)).toList() : List.of();
                instances.add(new InstancePlan(instance, service, index, service.isSpare(instance), ports.get(instance),
                        command, service.wiring().expandedArguments(values), service.wiring().expandedEnv(values)));
            }
        }
        return new Plan(links, listeners, instances);
    }

    /** The instances of a service that run from the start (its spares left out). */
    private static List<String> running(SystemSpec system, String service) {
        return system.service(service).instanceNames().stream().filter(callee -> !system.service(service).isSpare(callee)).toList();
    }

    private static String hostOf(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    private static String portOf(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    private static String value(Placeholder placeholder, SystemSpec system, ServiceSpec service, String instance,
                                int index, int port, Map<String, String> bootstrapOf, Map<String, String> addressOf,
                                Network network, Function<String, String> environment) {
        Function<String, String> through = callee -> addressOf.get(Topology.linkOf(system, service, instance, callee));
        return switch (placeholder.name()) {
            case Placeholder.PORT -> placeholder.argument().isEmpty() ? Integer.toString(port)
                    : portOf(through.apply(placeholder.argument()));
            case Placeholder.HOST -> placeholder.argument().isEmpty() ? network.bindHost()
                    : hostOf(through.apply(placeholder.argument()));
            case Placeholder.INSTANCE -> instance;
            case Placeholder.SERVICE -> service.name();
            case Placeholder.INDEX -> Integer.toString(index);
            case Placeholder.KAFKA_BOOTSTRAP -> bootstrapOf.get(instance);
            case Placeholder.RUN_DIR -> network.runDir();
            case Placeholder.DATA_DIR -> network.dataDir(instance);
            case Placeholder.URL -> "http://" + through.apply(placeholder.argument());
            case Placeholder.ADDR -> through.apply(placeholder.argument());
            case Placeholder.URLS -> String.join(",", running(system, placeholder.argument()).stream()
                    .map(callee -> "http://" + through.apply(callee)).toList());
            case Placeholder.ADDRS -> String.join(",", running(system, placeholder.argument()).stream().map(through).toList());
            case Placeholder.ENV -> {
                String value = environment.apply(placeholder.argument());
                if (value == null) {
                    throw new IllegalStateException(placeholder + " of " + instance + " is not set");
                }
                yield value;
            }
            default -> throw new IllegalStateException("unchecked placeholder " + placeholder + " in " + instance);
        };
    }
}
