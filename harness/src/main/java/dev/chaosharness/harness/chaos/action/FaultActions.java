package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.faultproxy.toxic.ToxicTypes;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every fault action a profile can name: each toxic type fault-proxy registers
 * ({@link ToxicTypes}, one action per type), and one line per other action class. Two actions of
 * one name are refused when the class loads, as {@link ToxicTypes} refuses two toxics.
 */
public final class FaultActions {

    private static final Map<String, FaultAction> ACTIONS = register(Stream.concat(
                    ToxicTypes.all().stream().map(ToxicFault::new),
                    Stream.of(
                            new LinkDownFault(),
                            new KillFault(),
                            new PauseFault(),
                            new RestartFault(),
                            new AddConsumerFault(),
                            new RemoveConsumerFault(),
                            new CommandFault())));

    private FaultActions() {
    }

    public static Optional<FaultAction> byName(String name) {
        return Optional.ofNullable(ACTIONS.get(name));
    }

    public static Set<String> names() {
        return ACTIONS.keySet();
    }

    private static Map<String, FaultAction> register(Stream<FaultAction> actions) {
        Map<String, FaultAction> byName = new TreeMap<>();
        actions.forEach(action -> {
            if (byName.putIfAbsent(action.name(), action) != null) {
                throw new IllegalStateException("two fault actions named '" + action.name() + "'");
            }
        });
        return Collections.unmodifiableMap(byName);
    }
}
