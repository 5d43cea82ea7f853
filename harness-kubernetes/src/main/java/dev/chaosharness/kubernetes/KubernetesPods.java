package dev.chaosharness.kubernetes;

import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.environment.attach.AttachFile;
import dev.chaosharness.harness.environment.attach.InstanceControls;
import dev.chaosharness.harness.history.HistorySink;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The attach file's {@code kubernetes: {namespace, selector}}: the pods the label selector finds,
 * in the order of their names, are the service's instances 1, 2, ... A client from the usual places
 * (kubeconfig, or the service account inside a cluster), built once per run. Found by
 * {@link java.util.ServiceLoader} through {@code META-INF/services}.
 */
public final class KubernetesPods implements InstanceControls.KubernetesControl {

    private final Supplier<KubernetesClient> clients;
    private KubernetesClient client;

    public KubernetesPods() {
        this(() -> new KubernetesClientBuilder().build());
    }

    KubernetesPods(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    @Override
    public synchronized List<ServiceInstance> instancesOf(AttachFile.AttachedService service, AttachFile.Kubernetes kubernetes,
                                                       Duration readyTimeout, HistorySink history) {
        if (client == null) {
            client = clients.get();
        }
        List<String> pods = podNames(client, kubernetes);
        List<String> instances = List.copyOf(service.instances().keySet());
        if (pods.size() < instances.size()) {
            throw new IllegalStateException("services." + service.name() + ".kubernetes: " + instances.size()
                    + " instances attached, but selector '" + kubernetes.selector() + "' finds " + pods.size()
                    + " pods in namespace " + kubernetes.namespace() + ": " + pods);
        }
        List<ServiceInstance> attached = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            AttachFile.Instance instance = service.instances().get(instances.get(i));
            attached.add(new PodInstance(client, kubernetes, instance.name(), service.name(), instance.http(), pods.get(i),
                    readyTimeout, history));
        }
        return attached;
    }

    /** The selector's pods that are not being deleted, by name. */
    static List<String> podNames(KubernetesClient client, AttachFile.Kubernetes kubernetes) {
        return client.pods().inNamespace(kubernetes.namespace()).withLabelSelector(kubernetes.selector()).list().getItems()
                .stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .map(pod -> pod.getMetadata().getName()).sorted(Comparator.naturalOrder()).toList();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
}
