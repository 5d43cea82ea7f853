package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.ServiceInstance;
import java.util.List;
import java.util.Map;

/**
 * SIGKILL: no shutdown, no commit on revoke. With {@code restart} (default true) it is started
 * again when the window ends, and awaited until ready after it (the window keeps its length).
 */
public final class KillFault implements FaultAction {

    @Override
    public String name() {
        return "kill";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.INSTANCE;
    }

    @Override
    public List<Param> params() {
        return List.of(Param.optional("restart", Param.Kind.BOOLEAN, "true"));
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) {
        List<ServiceInstance> killed = targets.stream().map(context.environment()::instance).toList();
        killed.forEach(ServiceInstance::kill);
        boolean restart = Boolean.parseBoolean(params.get("restart"));
        return new ActiveFault() {
            @Override
            public void rollback() {
                // the killed processes stay dead to the end of the window: nothing to undo
            }

            @Override
            public void recover() {
                if (restart) {
                    for (ServiceInstance instance : killed) {
                        if (!instance.isRunning()) {
                            instance.start();
                        }
                    }
                }
            }
        };
    }
}
