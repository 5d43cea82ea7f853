package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every runtime does the same way: a start that either completes or stops everything it
 * began, a close that runs once, a shutdown hook that stops the environment if the harness JVM
 * is interrupted, and the environment-up / environment-down events with their timings.
 */
public abstract class AbstractEnvironment implements Environment {

    private static final Logger log = LoggerFactory.getLogger(AbstractEnvironment.class);

    protected final EnvironmentSpec spec;
    protected final RunDirectory runDir;
    protected final RunHistory history;
    protected final List<ServiceInstance> instances = new ArrayList<>();
    protected final List<String> links = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "environment-shutdown");
    private boolean closed;

    protected AbstractEnvironment(EnvironmentSpec spec, RunDirectory runDir, RunHistory history) {
        this.spec = spec;
        this.runDir = runDir;
        this.history = history;
    }

    /** Starts everything and waits until the broker, the services and the capture group are ready. */
    protected abstract void launchAll();

    /** Stops everything still running, newest first; must not throw, and may run twice. */
    protected abstract void stopAll();

    /** Where things can be reached, for the history and the report. */
    protected abstract Map<String, String> endpoints();

    @Override
    public final synchronized void start() {
        long startedNanos = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            launchAll();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        long startupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        history.append(new HistoryEvent.EnvironmentUp(System.currentTimeMillis(), startupMs, runtime(),
                kafkaBootstrap(), endpoints()));
        log.info("{} environment ready in {} ms: {} instances running, {} links, Kafka at {}", runtime(), startupMs,
                instances.stream().filter(ServiceInstance::isRunning).count(), links.size(), kafkaBootstrap());
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startedNanos = System.nanoTime();
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
        history.append(new HistoryEvent.EnvironmentDown(System.currentTimeMillis(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)));
    }

    @Override
    public List<String> links() {
        return List.copyOf(links);
    }

    @Override
    public List<ServiceInstance> instances() {
        return List.copyOf(instances);
    }

    /** A payment instance prepared for {@code add-consumer} but not started with the rest. */
    protected boolean isSpare(ServiceInstance instance) {
        return instance.role().equals("payment-service")
                && Integer.parseInt(instance.name().substring("payment-".length())) > spec.paymentInstances();
    }
}
