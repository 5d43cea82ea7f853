package dev.chaosharness.harness.environment.attach;

import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistorySink;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

/**
 * How the instances of an attached service are acted on: the attach file's {@code commands}
 * (built in), or its {@code kubernetes} section through a {@link KubernetesControl} provider found
 * with {@link ServiceLoader} (the {@code harness-kubernetes} module, fabric8's client: kept apart so
 * the harness carries no Kubernetes client unless a team asks for one). A service with neither is
 * attached but cannot be acted on: a fault on it fails, named in its {@code fault-failed} event.
 */
public final class InstanceControls {

    /** Acts on the pods of a Kubernetes selector. */
    public interface KubernetesControl {
        List<ServiceInstance> instancesOf(AttachFile.AttachedService service, AttachFile.Kubernetes kubernetes,
                                          Duration readyTimeout, HistorySink history);
    }

    List<ServiceInstance> instancesOf(AttachFile.AttachedService service, AttachFile attach, Duration readyTimeout,
                                      HistorySink history) {
        if (service.kubernetes().isPresent()) {
            KubernetesControl kubernetes = ServiceLoader.load(KubernetesControl.class).findFirst().orElseThrow(() ->
                    new IllegalStateException(attach.source() + ":" + service.line() + ": services." + service.name()
                            + ".kubernetes needs dev.chaosharness:harness-kubernetes on the harness's classpath"));
            return kubernetes.instancesOf(service, service.kubernetes().get(), readyTimeout, history);
        }
        return service.instances().values().stream().<ServiceInstance>map(instance -> service.commands()
                .<ServiceInstance>map(commands -> new CommandInstance(instance.name(), service.name(), instance.http(), commands,
                        attach.source().getParent(), readyTimeout, history))
                .orElseGet(() -> new UncontrolledInstance(instance.name(), service.name(), instance.http(), attach)))
                .toList();
    }
}
