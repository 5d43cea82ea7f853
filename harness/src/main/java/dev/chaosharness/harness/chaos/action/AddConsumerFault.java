package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.ServiceInstance;
import java.util.List;
import java.util.Map;

/**
 * Starts a spare instance of a consumer service (its target, e.g. {@code worker-4}): a new member joins the
 * capture group and it rebalances. With {@code remove-after} (default true) it stops gracefully
 * when the window ends.
 */
public final class AddConsumerFault implements FaultAction {

    @Override
    public String name() {
        return "add-consumer";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.INSTANCE;
    }

    @Override
    public List<Param> params() {
        return List.of(Param.optional("remove-after", Param.Kind.BOOLEAN, "true"));
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) {
        List<ServiceInstance> added = targets.stream().map(context.environment()::instance).toList();
        for (ServiceInstance instance : added) {
            if (instance.isRunning()) {
                throw new IllegalStateException(instance.name() + " is already running; add-consumer needs a spare instance");
            }
            instance.start();
        }
        boolean removeAfter = Boolean.parseBoolean(params.get("remove-after"));
        return () -> {
            if (removeAfter) {
                added.forEach(ServiceInstance::stop);
            }
        };
    }
}
