package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.chaos.action.AddConsumerFault;
import dev.chaosharness.harness.chaos.action.KillFault;
import dev.chaosharness.harness.chaos.action.LinkDownFault;
import dev.chaosharness.harness.chaos.action.PauseFault;
import dev.chaosharness.harness.chaos.action.RemoveConsumerFault;
import dev.chaosharness.harness.chaos.action.RestartFault;
import dev.chaosharness.harness.chaos.action.ToxicFault;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every fault action a profile can name. A new action is one class and one line here. */
public final class FaultActions {

    private static final Map<String, FaultAction> ACTIONS = Stream.of(
                    new ToxicFault("latency"),
                    new ToxicFault("bandwidth"),
                    new ToxicFault("timeout"),
                    new ToxicFault("reset_peer"),
                    new ToxicFault("slicer"),
                    new ToxicFault("limit_data"),
                    new ToxicFault("slow_close"),
                    new LinkDownFault(),
                    new KillFault(),
                    new PauseFault(),
                    new RestartFault(),
                    new AddConsumerFault(),
                    new RemoveConsumerFault())
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
