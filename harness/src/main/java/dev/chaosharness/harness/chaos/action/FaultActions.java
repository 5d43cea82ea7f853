package dev.chaosharness.harness.chaos.action;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every fault action a profile can name: each Toxiproxy toxic, and one line per other action class. */
public final class FaultActions {

    private static final Map<String, FaultAction> ACTIONS = Stream.concat(
                    Stream.of(ToxicFault.Type.values()).map(ToxicFault::new),
                    Stream.of(
                            new LinkDownFault(),
                            new KillFault(),
                            new PauseFault(),
                            new RestartFault(),
                            new AddConsumerFault(),
                            new RemoveConsumerFault()))
            .collect(Collectors.toMap(FaultAction::name, Function.identity(), (a, b) -> a, TreeMap::new));

    private FaultActions() {
    }

    public static Optional<FaultAction> byName(String name) {
        return Optional.ofNullable(ACTIONS.get(name));
    }

    public static Set<String> names() {
        return ACTIONS.keySet();
    }
}
