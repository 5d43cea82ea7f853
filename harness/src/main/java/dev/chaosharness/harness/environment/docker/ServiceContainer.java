package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.ReadyCheck;
import dev.chaosharness.harness.history.HistorySink;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One service instance of the container runtime. Every start is a new container from the same
 * definition (same network alias, same host port), as a restarted pod is; its output is appended
 * to the instance's log, and on a graceful stop its JFR recording is copied out to
 * {@code jfr/<instance>-<start>.jfr} before the container is removed.
 */
final class ServiceContainer extends ContainerInstance {

    private static final Logger log = LoggerFactory.getLogger(ServiceContainer.class);

    /**
     * @param definition a new, unstarted container each time it is called
     * @param jfrInContainer where the JVM dumps its recording at exit; null for a service that is no JVM
     * @param ready          the declared readiness, polled after each start until {@code readyTimeout}
     */
    record Spec(String name, String role, Supplier<GenericContainer<?>> definition, URI httpUri, LogFile log,
                Path jfrDir, String jfrInContainer, ReadyCheck ready, Duration readyTimeout, Duration stopGrace) {
    }

    private final Spec spec;
    private volatile GenericContainer<?> container;
    private int starts;

    ServiceContainer(Spec spec, HistorySink history) {
        super(spec.name(), spec.role(), spec.jfrInContainer() != null, history);
        this.spec = spec;
    }

    @Override
    public Optional<URI> httpUri() {
        return Optional.of(spec.httpUri());
    }

    /** Creates and starts a container, waiting until its health endpoint answers. */
    @Override
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(name() + " is already running (container " + process.containerId() + ")");
        }
        remove(); // a container killed or stopped earlier
        starts++;
        GenericContainer<?> next = spec.definition().get().withLogConsumer(spec.log());
        spec.log().header(next.getDockerImageName() + " " + String.join(" ", next.getCommandParts()));
        try {
            next.start();
        } catch (RuntimeException e) {
            String tail = spec.log().tail(15);
            next.stop();
            throw new EnvironmentStartException(name() + " did not start: " + e.getMessage() + "; its log: "
                    + spec.log().path() + tail, e);
        }
        container = next;
        process = new ContainerProcess(next.getDockerClient(), next.getContainerId());
        List<String> command = new ArrayList<>(List.of("docker:" + next.getDockerImageName()));
        command.addAll(List.of(next.getCommandParts()));
        recordStart(next.getContainerId(), command, spec.log().path().toString());
        awaitReady();
    }

    private void awaitReady() {
        try {
            Awaitility.await(name() + " ready").atMost(spec.readyTimeout()).pollInterval(Duration.ofMillis(100))
                    .pollDelay(Duration.ZERO)
                    .until(() -> {
                        if (!isRunning()) {
                            throw new EnvironmentStartException(name() + " (service " + role()
                                    + ") exited before it was ready; its log: " + spec.log().path() + spec.log().tail(15));
                        }
                        return spec.ready().isReady();
                    });
            recordReady();
        } catch (ConditionTimeoutException e) {
            throw EnvironmentStartException.notReady(name(), role(), spec.readyTimeout(), spec.ready().pending(),
                    spec.log().path() + spec.log().tail(15));
        }
    }

    /** SIGTERM (the JVM dumps its recording), the recording copied out, then the container removed. */
    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            remove();
            return;
        }
        long pid = stopGracefully(spec.stopGrace());
        collectRecording();
        recordExit(pid, "stopped");
        remove();
    }

    private void collectRecording() {
        if (spec.jfrInContainer() == null) {
            return;
        }
        Path target = spec.jfrDir().resolve(name() + "-" + starts + ".jfr");
        try {
            Files.createDirectories(spec.jfrDir());
            container.copyFileFromContainer(spec.jfrInContainer(), target.toString());
        } catch (Exception e) {
            log.warn("no JFR recording from {} ({}): {}", name(), spec.jfrInContainer(), e.toString());
        }
    }

    private void remove() {
        GenericContainer<?> c = container;
        if (c != null) {
            c.stop(); // removes it (whatever its state) and closes its log stream
            container = null;
            process = null;
        }
    }
}
