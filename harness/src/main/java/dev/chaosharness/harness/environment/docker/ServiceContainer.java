package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * One service instance of the container runtime. Every start is a new container from the same
 * definition (same network alias, same host port), as a restarted pod is; its output is appended
 * to the instance's log, and on a graceful stop its JFR recording is copied out to
 * {@code jfr/<instance>-<start>.jfr} before the container is removed.
 */
final class ServiceContainer implements ServiceInstance {

    private static final Logger log = LoggerFactory.getLogger(ServiceContainer.class);

    /**
     * @param definition a new, unstarted container each time it is called
     * @param jfrInContainer where the JVM dumps its recording at exit
     */
    record Spec(String name, String role, Supplier<GenericContainer<?>> definition, URI httpUri, LogFile log,
                Path jfrDir, String jfrInContainer, Duration stopGrace) {
    }

    private final Spec spec;
    private final RunHistory history;
    private volatile GenericContainer<?> container;
    private volatile ContainerProcess process;
    private volatile boolean paused;
    private int starts;

    ServiceContainer(Spec spec, RunHistory history) {
        this.spec = spec;
        this.history = history;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String role() {
        return spec.role();
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
        paused = false;
        List<String> command = new ArrayList<>(List.of("docker:" + next.getDockerImageName()));
        command.addAll(List.of(next.getCommandParts()));
        long pid = process.pid();
        history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name(), role(), pid, command,
                spec.log().path().toString()));
        log.info("{} started, container {}, pid {}", name(), next.getContainerId().substring(0, 12), pid);
    }

    @Override
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        long pid = process.pid();
        process.kill();
        recordExit(pid, "killed");
    }

    @Override
    public synchronized void pause() {
        if (!isRunning()) {
            throw new IllegalStateException("cannot pause " + name() + ": it is not running");
        }
        process.pause();
        paused = true;
    }

    @Override
    public synchronized void resume() {
        if (paused && isRunning()) {
            process.unpause();
        }
        paused = false;
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            remove();
            return;
        }
        resume(); // a frozen container would not act on SIGTERM
        long pid = process.pid();
        process.stop(spec.stopGrace());
        collectRecording();
        recordExit(pid, process.exitCode() == 137 ? "killed" : "stopped");
        remove();
    }

    @Override
    public boolean isRunning() {
        ContainerProcess p = process;
        return p != null && p.isRunning();
    }

    @Override
    public boolean isPaused() {
        return paused && isRunning();
    }

    private void collectRecording() {
        Path target = spec.jfrDir().resolve(name() + "-" + starts + ".jfr");
        try {
            Files.createDirectories(spec.jfrDir());
            container.copyFileFromContainer(spec.jfrInContainer(), target.toString());
        } catch (Exception e) {
            log.warn("no JFR recording from {} ({}): {}", name(), spec.jfrInContainer(), e.toString());
        }
    }

    private void recordExit(long pid, String how) {
        int exitCode = process.exitCode();
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name(), pid, exitCode, how));
        log.info("{} {} (pid {}, exit code {})", name(), how, pid, exitCode);
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
