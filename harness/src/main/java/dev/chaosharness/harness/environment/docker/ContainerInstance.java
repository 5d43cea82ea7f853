package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.JvmAttach;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker and the services of the container runtime share: the process faults through
 * the Docker API and a process-started / process-stopped event per start, with the container's
 * main pid as the host sees it. Subclasses say how a start and a graceful stop go.
 */
abstract class ContainerInstance implements ServiceInstance {

    private static final Logger log = LoggerFactory.getLogger(ContainerInstance.class);

    private final String name;
    private final String role;
    private final boolean jvm;
    protected final HistorySink history;
    protected volatile ContainerProcess process;
    private volatile boolean paused;

    ContainerInstance(String name, String role, boolean jvm, HistorySink history) {
        this.name = name;
        this.role = role;
        this.jvm = jvm;
        this.history = history;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        return role;
    }

    /**
     * {@code GC.run} in the container's JVM through its attach socket, reached from the host
     * ({@link JvmAttach}): a JRE image has no jcmd.
     */
    @Override
    public void runFullGc() {
        ContainerProcess p = process;
        if (!jvm || p == null || !isRunning()) {
            throw new UnsupportedOperationException(name + (jvm ? " is not running" : " is not a JVM"));
        }
        JvmAttach.jcmd(p.pid(), "GC.run", java.time.Duration.ofSeconds(10));
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
            throw new IllegalStateException("cannot pause " + name + ": it is not running");
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
    public boolean isRunning() {
        ContainerProcess p = process;
        return p != null && p.isRunning();
    }

    @Override
    public boolean isPaused() {
        return paused && isRunning();
    }

    /** SIGTERM, SIGKILL after the grace; returns the pid it had. */
    protected long stopGracefully(java.time.Duration grace) {
        resume(); // a frozen container would not act on SIGTERM
        long pid = process.pid();
        process.stop(grace);
        return pid;
    }

    protected void recordStart(String containerId, List<String> command, String logFile) {
        paused = false;
        long pid = process.pid();
        history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name, role, jvm, pid, command, logFile));
        log.info("{} started, container {}, pid {}", name, containerId.substring(0, 12), pid);
    }

    protected void recordReady() {
        history.append(new HistoryEvent.ProcessReady(System.currentTimeMillis(), name, process.pid()));
    }

    /** Records how the container's process ended; exit code 137 after a stop means the grace ran out. */
    protected void recordExit(long pid, String how) {
        int exitCode = process.exitCode();
        String ended = how.equals("stopped") && exitCode == 137 ? "killed" : how;
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name, pid, exitCode, ended));
        log.info("{} {} (pid {}, exit code {})", name, ended, pid, exitCode);
    }
}
