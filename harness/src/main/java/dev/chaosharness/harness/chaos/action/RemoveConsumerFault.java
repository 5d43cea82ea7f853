package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.ServiceInstance;
import java.util.List;
import java.util.Map;

/**
 * Stops a consumer instance gracefully (it leaves the group, committing on revoke). With
 * {@code return-after} (default true) it starts again when the window ends.
 */
public final class RemoveConsumerFault implements FaultAction {

    @Override
    public String name() {
        return "remove-consumer";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.INSTANCE;
    }

    @Override
    public List<Param> params() {
        return List.of(Param.optional("return-after", Param.Kind.BOOLEAN, "true"));
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) {
        List<ServiceInstance> removed = targets.stream().map(context.environment()::instance).toList();
        removed.forEach(ServiceInstance::stop);
        boolean returnAfter = Boolean.parseBoolean(params.get("return-after"));
        return () -> {
            if (returnAfter) {
                for (ServiceInstance instance : removed) {
                    if (!instance.isRunning()) {
                        instance.start();
                    }
                }
            }
        };
    }
}
