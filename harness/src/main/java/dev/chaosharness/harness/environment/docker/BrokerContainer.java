package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker of the container runtime, through Testcontainers' {@link KafkaContainer}. Unlike
 * a service, a restarted broker is the same container started again, so its log directory (the
 * topics, the group offsets) survives a kill as the local broker's data directory does.
 */
final class BrokerContainer implements ServiceInstance {

    private static final Logger log = LoggerFactory.getLogger(BrokerContainer.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final KafkaContainer container;
    private final LogFile logFile;
    private final RunHistory history;
    private final Duration readyTimeout;
    private volatile ContainerProcess process;
    private volatile boolean paused;

    BrokerContainer(KafkaContainer container, LogFile logFile, RunHistory history, Duration readyTimeout) {
        this.container = container.withLogConsumer(logFile);
        this.logFile = logFile;
        this.history = history;
        this.readyTimeout = readyTimeout;
    }

    /** The harness's own listener, mapped to a port on this host: probes and admin calls are never faulted. */
    String bootstrap() {
        return container.getBootstrapServers();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String role() {
        return "kafka";
    }

    @Override
    public Optional<URI> httpUri() {
        return Optional.empty();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("kafka is already running");
        }
        if (process == null) {
            firstStart();
        } else {
            restart();
        }
        paused = false;
        long pid = process.pid();
        history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name(), role(), pid,
                List.of("docker:" + container.getDockerImageName(), "/etc/kafka/docker/run"), logFile.path().toString()));
        log.info("kafka started, container {}, pid {}", container.getContainerId().substring(0, 12), pid);
    }

    private void firstStart() {
        logFile.header(container.getDockerImageName() + " (KafkaContainer)");
        try {
            container.start();
        } catch (RuntimeException e) {
            String tail = logFile.tail(15);
            container.stop();
            throw new EnvironmentStartException("kafka did not start: " + e.getMessage() + "; its log: "
                    + logFile.path() + tail, e);
        }
        process = new ContainerProcess(container.getDockerClient(), container.getContainerId());
    }

    private void restart() {
        logFile.header("docker start " + container.getContainerId().substring(0, 12));
        long sinceSeconds = System.currentTimeMillis() / 1000;
        process.start();
        container.getDockerClient().logContainerCmd(container.getContainerId()).withStdOut(true).withStdErr(true)
                .withFollowStream(true).withSince((int) sinceSeconds).exec(follow());
        try {
            Awaitility.await("kafka answers metadata after restart").atMost(readyTimeout)
                    .pollInterval(Duration.ofMillis(200)).until(() -> KafkaAdmin.answersMetadata(bootstrap()));
        } catch (ConditionTimeoutException e) {
            throw new EnvironmentStartException("kafka did not answer within " + readyTimeout.toSeconds()
                    + " s of its restart; its log: " + logFile.path() + logFile.tail(15));
        }
    }

    private FrameConsumerResultCallback follow() {
        FrameConsumerResultCallback callback = new FrameConsumerResultCallback();
        callback.addConsumer(OutputFrame.OutputType.STDOUT, logFile);
        callback.addConsumer(OutputFrame.OutputType.STDERR, logFile);
        return callback;
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
            throw new IllegalStateException("cannot pause kafka: it is not running");
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

    /** SIGTERM to the container; see {@link #remove()} for why this usually ends in SIGKILL after the grace. */
    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        resume();
        long pid = process.pid();
        process.stop(STOP_GRACE);
        recordExit(pid, process.exitCode() == 137 ? "killed" : "stopped");
    }

    /**
     * Kills the broker if it runs and removes its container: at teardown its data is discarded,
     * and a graceful stop would only wait out the grace period, since Testcontainers runs the
     * broker under {@code sh -c}, which does not pass SIGTERM on.
     */
    void remove() {
        kill();
        container.stop();
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

    private void recordExit(long pid, String how) {
        int exitCode = process.exitCode();
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name(), pid, exitCode, how));
        log.info("kafka {} (pid {}, exit code {})", how, pid, exitCode);
    }
}
