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
        List<String> links = new ArrayList<>();
        for (ServiceSpec service : system.services().values()) {
            instances.addAll(service.instanceNames());
            if (service.isKafkaClient()) {
                service.instanceNames().forEach(instance -> links.add(kafkaLink(instance)));
            }
        }
        for (ServiceSpec caller : system.services().values()) {
            for (String callee : caller.callees()) {
                system.service(callee).instanceNames().forEach(instance -> links.add(callLink(caller.name(), instance)));
            }
        }
        return new Topology(instances, links);
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
