package dev.chaosharness.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.environment.attach.AttachFile;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes actions against fabric8's mock API server (CRUD mode, exec answered by
 * expectation): no Kubernetes cluster can be reached from where this is built.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPodsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path runDir;

    /** The mock server outlives a test: each starts with no pod. */
    @org.junit.jupiter.api.BeforeEach
    void noPods() {
        client.pods().inNamespace("shop").delete();
    }

    private static final AttachFile.Kubernetes PAYMENT = new AttachFile.Kubernetes("shop", "app=payment");

    private static Pod pod(String name, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").addToLabels("app", "payment").endMetadata()
                .withNewSpec().addNewContainer().withName("payment").withImage("shop/payment:1").endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    private static AttachFile.AttachedService service(String... instances) {
        Map<String, AttachFile.Instance> attached = new LinkedHashMap<>();
        for (int i = 0; i < instances.length; i++) {
            attached.put(instances[i], new AttachFile.Instance(instances[i], 10 + i, Optional.empty()));
        }
        return new AttachFile.AttachedService("payment", 9, attached, Map.of(), Optional.empty(), Optional.of(PAYMENT));
    }

    private List<ServiceInstance> attach(RunHistory history, String... instances) {
        return new KubernetesPods(() -> client).instancesOf(service(instances), PAYMENT, Duration.ofSeconds(10), history);
    }

    @Test
    void instancesAreTheSelectorsPodsInNameOrderAndAKillIsADeletionThatItsReplacementEnds() throws Exception {
        client.pods().inNamespace("shop").resource(pod("payment-7c9-b", true)).create();
        client.pods().inNamespace("shop").resource(pod("payment-7c9-a", true)).create();
        try (RunHistory history = RunHistory.open(runDir)) {
            List<ServiceInstance> instances = attach(history, "payment-1", "payment-2");
            PodInstance first = (PodInstance) instances.get(0);
            assertThat(first.pod()).isEqualTo("payment-7c9-a");
            assertThat(((PodInstance) instances.get(1)).pod()).isEqualTo("payment-7c9-b");

            first.kill();
            assertThat(client.pods().inNamespace("shop").withName("payment-7c9-a").get()).as("deleted").isNull();
            assertThat(first.isRunning()).isFalse();
            // the Deployment's replacement: first not ready, then ready
            client.pods().inNamespace("shop").resource(pod("payment-7c9-z", false)).create();
            Thread replace = new Thread(() -> {
                sleep(700);
                client.pods().inNamespace("shop").resource(pod("payment-7c9-z", true)).update();
            });
            replace.start();
            first.start();
            replace.join();

            assertThat(first.pod()).isEqualTo("payment-7c9-z");
            assertThat(first.isRunning()).isTrue();
        }
        List<HistoryEvent> events = HistoryReader.read(runDir);
        assertThat(HistoryReader.ofType(events, HistoryEvent.ProcessStopped.class)).singleElement()
                .satisfies(s -> assertThat(s.how()).isEqualTo("kill (pod payment-7c9-a deleted)"));
        assertThat(HistoryReader.ofType(events, HistoryEvent.ProcessReady.class)).extracting(HistoryEvent.ProcessReady::name)
                .containsExactly("payment-1");
    }

    @Test
    void pauseAndResumeSignalThePodsFirstProcessThroughExec() throws Exception {
        // exec is a websocket: answered by expectation, on a server of its own (not CRUD)
        KubernetesMockServer execServer = new KubernetesMockServer(false);
        execServer.init();
        try (KubernetesClient execClient = execServer.createClient()) {
            execServer.expect().get().withPath("/api/v1/namespaces/shop/pods?labelSelector=app%3Dpayment")
                    .andReturn(200, new io.fabric8.kubernetes.api.model.PodListBuilder().withNewMetadata().endMetadata().addToItems(pod("payment-7c9-a", true))
                            .build()).always();
            execServer.expect().get().withPath("/api/v1/namespaces/shop/pods/payment-7c9-a")
                    .andReturn(200, pod("payment-7c9-a", true)).always();
            execServer.expect().get().withPath("/api/v1/namespaces/shop/pods?fieldSelector=metadata.name%3Dpayment-7c9-a")
                    .andReturn(200, new io.fabric8.kubernetes.api.model.PodListBuilder().withNewMetadata().endMetadata().addToItems(pod("payment-7c9-a", true))
                            .build()).always();
            for (String signal : List.of("-STOP", "-CONT")) {
                execServer.expect().withPath("/api/v1/namespaces/shop/pods/payment-7c9-a/exec?command=kill&command=" + signal
                        + "&command=1&container=payment&stderr=true")
                        .andUpgradeToWebSocket().open(new StatusStreamMessage(0)).done().once();
            }
            try (RunHistory history = RunHistory.open(runDir)) {
                ServiceInstance payment = new KubernetesPods(() -> execClient).instancesOf(service("payment-1"), PAYMENT,
                        Duration.ofSeconds(10), history).get(0);

                payment.pause();
                assertThat(execServer.getLastRequest().getPath()).endsWith("/pods/payment-7c9-a/exec?command=kill"
                        + "&command=-STOP&command=1&container=payment&stderr=true");
                assertThat(payment.isPaused()).isTrue();
                payment.resume();
                assertThat(execServer.getLastRequest().getPath()).contains("command=-CONT");
                assertThat(payment.isPaused()).isFalse();
            }
        } finally {
            execServer.destroy();
        }
    }

    @Test
    void fewerPodsThanAttachedInstancesIsAnErrorNamingTheSelector() throws Exception {
        client.pods().inNamespace("shop").resource(pod("payment-7c9-a", true)).create();
        try (RunHistory history = RunHistory.open(runDir)) {
            assertThatThrownBy(() -> attach(history, "payment-1", "payment-2", "payment-3"))
                    .hasMessageContaining("3 instances attached, but selector 'app=payment' finds 1 pods in namespace shop");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
