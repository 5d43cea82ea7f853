package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.ServiceInstance;
import java.util.List;
import java.util.Map;

/** SIGSTOP for the window, SIGCONT after: a GC pause or a frozen VM as the rest of the system sees it. */
public final class PauseFault implements FaultAction {

    @Override
    public String name() {
        return "pause";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.INSTANCE;
    }

    @Override
    public List<Param> params() {
        return List.of();
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) {
        List<ServiceInstance> paused = targets.stream().map(context.environment()::instance).toList();
        paused.forEach(ServiceInstance::pause);
        return () -> paused.forEach(ServiceInstance::resume);
    }
}
