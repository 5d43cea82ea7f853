package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.ServiceInstance;
import java.util.List;
import java.util.Map;

/** A graceful restart (SIGTERM, wait, start again) at the start of the window; a deploy, say. */
public final class RestartFault implements FaultAction {

    @Override
    public String name() {
        return "restart";
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
        List<ServiceInstance> restarted = targets.stream().map(context.environment()::instance).toList();
        for (ServiceInstance instance : restarted) {
            instance.stop();
            instance.start();
        }
        return new ActiveFault() {
            @Override
            public void rollback() {
                // restarted at the start of the window: nothing to undo at its end
            }

            @Override
            public void recover() {
                for (ServiceInstance instance : restarted) {
                    if (!instance.isRunning()) {
                        instance.start();
                    }
                }
            }
        };
    }
}
