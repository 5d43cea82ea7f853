package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.chaos.action.FaultAction;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The names an environment of a given spec has, whatever runtime runs it: instances
 * ({@code kafka}, {@code order-1}, {@code payment-N}) and links ({@code order->payment-N},
 * {@code <instance>->kafka}). Profiles are checked against these before anything starts.
 */
public record Topology(List<String> instances, List<String> links) {

    public Topology {
        instances = List.copyOf(instances);
        links = List.copyOf(links);
    }

    public static Topology of(EnvironmentSpec spec) {
        List<String> instances = new ArrayList<>(List.of("kafka", "order-1"));
        List<String> links = new ArrayList<>(List.of("order-1->kafka"));
        int payments = spec.paymentInstances() + spec.sparePaymentInstances();
        for (int i = 1; i <= payments; i++) {
            instances.add("payment-" + i);
            links.add("payment-" + i + "->kafka");
        }
        for (int i = 1; i <= payments; i++) {
            links.add("order->payment-" + i);
        }
        return new Topology(instances, links);
    }

    /**
     * The names a target means: an exact name; a glob with {@code *} ({@code payment-*},
     * {@code *->kafka}); a group name that stands for {@code <name>-*} ({@code order->payment} for {@code order->payment-N});
     * or {@code random:<any of those>}, one of them chosen with {@code random}.
     */
    public List<String> resolve(String target, FaultAction.TargetKind kind, Random random) {
        List<String> names = kind == FaultAction.TargetKind.LINK ? links : instances;
        boolean pickOne = target.startsWith("random:");
        String pattern = pickOne ? target.substring("random:".length()) : target;
        List<String> matches = match(pattern, names);
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no " + (kind == FaultAction.TargetKind.LINK ? "link" : "instance")
                    + " matches '" + target + "'; known: " + names);
        }
        return pickOne ? List.of(matches.get(random.nextInt(matches.size()))) : matches;
    }

    private static List<String> match(String pattern, List<String> names) {
        if (names.contains(pattern)) {
            return List.of(pattern);
        }
        Pattern regex = pattern.contains("*")
                ? Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"))
                : Pattern.compile(Pattern.quote(pattern) + "-\\d+"); // a group: order->payment = order->payment-N
        return names.stream().filter(name -> regex.matcher(name).matches()).toList();
    }
}
