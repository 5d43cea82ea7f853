package dev.chaosharness.harness.system;

import java.util.ArrayList;
import java.util.List;
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

    /** One caller's link to one callee instance; {@code http}: the caller speaks HTTP to it ({@code ${url...}}). */
    public record Call(String caller, String callee, String calleeInstance, boolean http) {
        public String link() {
            return callLink(caller, calleeInstance);
        }
    }

    /** Every instance of a service that names {@code ${kafka.bootstrap}}: each has a link to the broker. */
    public static List<String> kafkaClientInstances(SystemSpec system) {
        return system.services().values().stream().filter(ServiceSpec::isKafkaClient)
                .flatMap(service -> service.instanceNames().stream()).toList();
    }

    /** Every link from a caller to a callee instance its wiring names, callers in declared order. */
    public static List<Call> calls(SystemSpec system) {
        List<Call> calls = new ArrayList<>();
        for (ServiceSpec caller : system.services().values()) {
            for (String callee : caller.callees()) {
                boolean http = caller.httpCallees().contains(callee);
                system.service(callee).instanceNames().forEach(instance -> calls.add(new Call(caller.name(), callee, instance, http)));
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
        Pattern regex = pattern.contains("*")
                ? Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"))
                : Pattern.compile(Pattern.quote(pattern) + "-\\d+"); // a group: caller->callee = caller->callee-N
        return names.stream().filter(name -> regex.matcher(name).matches()).toList();
    }
}
