package dev.chaosharness.kubernetes;

import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.environment.attach.AttachFile;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pod of an attached service: {@code kill} deletes it at once (grace 0), {@code stop} deletes
 * it gracefully, {@code start} waits for the pod its controller (a Deployment, a StatefulSet) puts
 * in its place to be Ready, {@code pause} and {@code resume} send SIGSTOP and SIGCONT to the pod's
 * first process ({@code kill -STOP 1} through exec: the container needs a {@code kill}).
 */
final class PodInstance implements ServiceInstance {

    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(20);

    private final KubernetesClient client;
    private final AttachFile.Kubernetes kubernetes;
    private final String name;
    private final String role;
    private final Optional<AttachFile.Address> http;
    private final Duration readyTimeout;
    private final HistorySink history;
    private volatile String pod;
    private volatile boolean running = true;
    private volatile boolean paused;
    /** The selector's pods when this one went: a replacement is none of them. */
    private volatile Set<String> othersWhenGone = Set.of();

    PodInstance(KubernetesClient client, AttachFile.Kubernetes kubernetes, String name, String role,
                Optional<AttachFile.Address> http, String pod, Duration readyTimeout, HistorySink history) {
        this.client = client;
        this.kubernetes = kubernetes;
        this.name = name;
        this.role = role;
        this.http = http;
        this.pod = pod;
        this.readyTimeout = readyTimeout;
        this.history = history;
    }

    /** The pod that is this instance now. */
    String pod() {
        return pod;
    }

    private PodResource resource() {
        return client.pods().inNamespace(kubernetes.namespace()).withName(pod);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public Optional<URI> httpUri() {
        return http.map(a -> URI.create("http://" + a.host() + ":" + a.port()));
    }

    @Override
    public void kill() {
        gone("kill");
        resource().withGracePeriod(0).delete();
    }

    @Override
    public void stop() {
        gone("stop");
        resource().delete();
    }

    private void gone(String how) {
        othersWhenGone = Set.copyOf(KubernetesPods.podNames(client, kubernetes));
        running = false;
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name, 0, -1, how + " (pod " + pod + " deleted)"));
    }

    @Override
    public void pause() {
        signal("-STOP");
        paused = true;
    }

    @Override
    public void resume() {
        signal("-CONT");
        paused = false;
    }

    /** Waits for the pod that replaced this one (one the selector did not find when it went) to be Ready. */
    @Override
    public void start() {
        String replaced = pod;
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Pod> fresh = client.pods().inNamespace(kubernetes.namespace()).withLabelSelector(kubernetes.selector())
                    .list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .filter(p -> !p.getMetadata().getName().equals(replaced) && !othersWhenGone.contains(p.getMetadata().getName()))
                    .filter(KubernetesPods::ready).findFirst();
            if (fresh.isPresent()) {
                pod = fresh.get().getMetadata().getName();
                running = true;
                history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name, role, false, 0,
                        List.of("attached"), ""));
                history.append(new HistoryEvent.ProcessReady(System.currentTimeMillis(), name, 0));
                return;
            }
            sleep();
        }
        throw new IllegalStateException(name + ": no pod of '" + kubernetes.selector() + "' in " + kubernetes.namespace()
                + " took the place of " + replaced + " and was Ready within " + readyTimeout.toSeconds() + " s");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    private void signal(String signal) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (ExecWatch exec = resource().writingError(errors).exec("kill", signal, "1")) {
            int exit = exec.exitCode().get(EXEC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " 1 in pod " + pod + " exited " + exit + ": "
                        + errors.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("kill " + signal + " 1 in pod " + pod + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("kill " + signal + " 1 in pod " + pod + ": interrupted", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a pod", e);
        }
    }
}
