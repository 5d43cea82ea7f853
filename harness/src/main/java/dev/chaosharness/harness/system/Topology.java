package dev.chaosharness.harness.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The names a declared system has, whatever runtime runs it: instances ({@code kafka} and
 * {@code <service>-N}, spares included) and links ({@code <instance>->kafka} for each instance of a
 * Kafka client, {@code <caller>-><callee>-N} for each instance of each service it calls).
 * Profiles are checked against these before anything starts.
 */
public record Topology(List<String> instances, List<String> links) {

    public Topology {
        instances = List.copyOf(instances);
        links = List.copyOf(links);
    }

    public static Topology of(SystemSpec system) {
        List<String> instances = new ArrayList<>(List.of(KAFKA));
        system.services().values().forEach(service -> instances.addAll(service.instanceNames()));
        List<String> links = new ArrayList<>();
        kafkaClientInstances(system).forEach(instance -> links.add(kafkaLink(instance)));
        calls(system).forEach(call -> links.add(call.link()));
        return new Topology(instances, links);
    }

    /**
     * One caller's link to one callee instance; {@code http}: the caller speaks HTTP to it
     * ({@code ${url...}}), and all of its instances share the link {@code <caller>-><callee>-N}; else
     * (a TCP client: {@code ${addr...}}, a database's) each caller instance has its own,
     * {@code <caller>-M-><callee>-N}, named in {@code callerInstance}.
     */
    public record Call(String caller, Optional<String> callerInstance, String callee, String calleeInstance, boolean http) {
        public Call(String caller, String callee, String calleeInstance, boolean http) {
            this(caller, Optional.empty(), callee, calleeInstance, http);
        }

        public String link() {
            return callLink(callerInstance.orElse(caller), calleeInstance);
        }
    }

    /** Every instance of a service that names {@code ${kafka.bootstrap}}: each has a link to the broker. */
    public static List<String> kafkaClientInstances(SystemSpec system) {
        return system.services().values().stream().filter(ServiceSpec::isKafkaClient)
                .flatMap(service -> service.instanceNames().stream()).toList();
    }

    /** Every link from a caller (or, for TCP, each caller instance) to a callee instance its wiring names, callers in declared order. */
    public static List<Call> calls(SystemSpec system) {
        List<Call> calls = new ArrayList<>();
        for (ServiceSpec caller : system.services().values()) {
            for (String callee : caller.callees()) {
                boolean http = caller.httpCallees().contains(callee);
                List<Optional<String>> from = http ? List.of(Optional.empty())
                        : caller.instanceNames().stream().map(Optional::of).toList();
                for (Optional<String> callerInstance : from) {
                    system.service(callee).instanceNames().forEach(instance -> calls.add(new Call(caller.name(), callerInstance,
                            callee, instance, http)));
                }
            }
        }
        return calls;
    }

    /** The broker's instance name. */
    public static final String KAFKA = "kafka";

    public static String kafkaLink(String instance) {
        return instance + "->" + KAFKA;
    }

    public static String callLink(String callerService, String calleeInstance) {
        return callerService + "->" + calleeInstance;
    }

    /** The link an instance of {@code caller} reaches {@code calleeInstance} through: its own for TCP, its service's for HTTP. */
    public static String linkOf(SystemSpec system, ServiceSpec caller, String callerInstance, String calleeInstance) {
        String callee = system.services().values().stream().filter(s -> s.instanceNames().contains(calleeInstance))
                .map(ServiceSpec::name).findFirst().orElse(calleeInstance);
        return callLink(caller.httpCallees().contains(callee) ? caller.name() : callerInstance, calleeInstance);
    }

    /** The links a target means; see {@link #resolve}. */
    public List<String> resolveLinks(String target, Random random) {
        return resolve(target, links, "link", random);
    }

    /** The instances a target means; see {@link #resolve}. */
    public List<String> resolveInstances(String target, Random random) {
        return resolve(target, instances, "instance", random);
    }

    /**
     * The names a target means: an exact name; a glob with {@code *} ({@code worker-*},
     * {@code *->kafka}); a group name that stands for {@code <name>-*} ({@code api->worker} for {@code api->worker-N});
     * a link whose ends name services stands for the links of their instances ({@code api->db-1} for
     * {@code api-M->db-1}, each instance's own TCP link; {@code api-2->db} for {@code api-2->db-N});
     * or {@code random:<any of those>}, one of them chosen with {@code random}.
     */
    private static List<String> resolve(String target, List<String> names, String what, Random random) {
        boolean pickOne = target.startsWith("random:");
        String pattern = pickOne ? target.substring("random:".length()) : target;
        List<String> matches = match(pattern, names);
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " matches '" + target + "'; known: " + names);
        }
        return pickOne ? List.of(matches.get(random.nextInt(matches.size()))) : matches;
    }

    private static List<String> match(String pattern, List<String> names) {
        if (names.contains(pattern)) {
            return List.of(pattern);
        }
        int arrow = pattern.indexOf("->");
        Pattern regex = pattern.contains("*")
                ? Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"))
                : arrow > 0 // either end a service: any of its instances (a caller's own TCP links, a callee's instances)
                ? Pattern.compile(Pattern.quote(pattern.substring(0, arrow)) + "(-\\d+)?->"
                        + Pattern.quote(pattern.substring(arrow + 2)) + "(-\\d+)?")
                : Pattern.compile(Pattern.quote(pattern) + "-\\d+"); // a group: worker = worker-N
        return names.stream().filter(name -> regex.matcher(name).matches()).toList();
    }
}
