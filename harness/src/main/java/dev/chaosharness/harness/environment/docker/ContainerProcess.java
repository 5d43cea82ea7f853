package dev.chaosharness.harness.environment.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;

/**
 * The process faults of one container, through the Docker API: what SIGKILL, SIGSTOP/SIGCONT and
 * SIGTERM are to a forked JVM. Pausing uses the cgroup freezer ({@code docker pause}): every
 * thread stops at once and open connections stay open, as with SIGSTOP.
 */
record ContainerProcess(DockerClient docker, String containerId) {

    void kill() {
        docker.killContainerCmd(containerId).withSignal("KILL").exec();
        awaitExit(Duration.ofSeconds(30));
    }

    void pause() {
        docker.pauseContainerCmd(containerId).exec();
    }

    void unpause() {
        docker.unpauseContainerCmd(containerId).exec();
    }

    /** SIGTERM, then SIGKILL once the grace period is over (what {@code docker stop -t} does). */
    void stop(Duration grace) {
        docker.stopContainerCmd(containerId).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        awaitExit(Duration.ofSeconds(30));
    }

    void start() {
        docker.startContainerCmd(containerId).exec();
    }

    boolean isRunning() {
        try {
            return Boolean.TRUE.equals(inspect().getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The container's main process as the host sees it. */
    long pid() {
        Long pid = inspect().getState().getPidLong();
        return pid == null ? -1 : pid;
    }

    int exitCode() {
        Long code = inspect().getState().getExitCodeLong();
        return code == null ? -1 : code.intValue();
    }

    private void awaitExit(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (isRunning() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private InspectContainerResponse inspect() {
        return docker.inspectContainerCmd(containerId).exec();
    }
}
