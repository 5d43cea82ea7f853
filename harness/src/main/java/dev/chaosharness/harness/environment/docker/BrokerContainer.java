package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.history.HistorySink;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Kafka broker of the container runtime, through Testcontainers' {@link KafkaContainer}. Unlike
 * a service, a restarted broker is the same container started again, so its log directory (the
 * topics, the group offsets) survives a kill as the local broker's data directory does.
 */
final class BrokerContainer extends ContainerInstance {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final KafkaContainer container;
    private final LogFile logFile;
    private final Duration readyTimeout;

    BrokerContainer(KafkaContainer container, LogFile logFile, HistorySink history, Duration readyTimeout) {
        super("kafka", "kafka", true, history);
        this.container = container.withLogConsumer(logFile);
        this.logFile = logFile;
        this.readyTimeout = readyTimeout;
    }

    /** The harness's own listener, mapped to a port on this host: probes and admin calls are never faulted. */
    String bootstrap() {
        return container.getBootstrapServers();
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
        recordStart(container.getContainerId(), List.of("docker:" + container.getDockerImageName(),
                "/etc/kafka/docker/run"), logFile.path().toString());
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

    /** SIGTERM to the container; see {@link #remove()} for why this usually ends in SIGKILL after the grace. */
    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        recordExit(stopGracefully(STOP_GRACE), "stopped");
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
}
