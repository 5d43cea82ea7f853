package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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
    protected final HistorySink history;
    protected final List<ServiceInstance> instances = new ArrayList<>();
    protected final List<String> links = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "environment-shutdown");
    private boolean closed;
    private final Object adminLock = new Object();
    private volatile boolean starting = true;
    private Admin admin;

    protected AbstractEnvironment(EnvironmentSpec spec, RunDirectory runDir, HistorySink history) {
        this.spec = spec;
        this.runDir = runDir;
        this.history = history;
    }

    /**
     * Starts the broker, the fault proxy and every service instance, creates the topics (before
     * the services, or while they start under {@code kafka.services-start: with-broker}), and waits
     * until each instance is ready.
     */
    protected abstract void launchAll();

    /** Stops everything still running, newest first; must not throw, and may run twice. */
    protected abstract void stopAll();

    /** Where things can be reached, for the history and the report. */
    protected abstract Map<String, String> endpoints();

    @Override
    public final synchronized long start() {
        long startedNanos = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            launchAll();
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            starting = false;
        }
        long startupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        history.append(new HistoryEvent.EnvironmentUp(System.currentTimeMillis(), startupMs, runtime(),
                kafkaBootstrap(), endpoints()));
        log.info("{} environment ready in {} ms: {} instances running, {} links, Kafka at {}", runtime(), startupMs,
                instances.stream().filter(ServiceInstance::isRunning).count(), links.size(), kafkaBootstrap());
        return startupMs;
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startedNanos = System.nanoTime();
        closeAdmin();
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
        history.append(new HistoryEvent.EnvironmentDown(System.currentTimeMillis(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)));
    }

    private void closeAdmin() {
        synchronized (adminLock) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }

    @Override
    public List<String> links() {
        return List.copyOf(links);
    }

    @Override
    public List<ServiceInstance> instances() {
        return List.copyOf(instances);
    }

    /**
     * One AdminClient on the harness's own listener for the readiness checks, closed with the
     * environment. Its own lock: readiness is polled from Awaitility's thread while {@link #start()}
     * holds the environment's.
     */
    /**
     * Runs {@code stop} for each instance at once, each on a thread of its own, and returns when
     * every one has ended, even if this thread is interrupted (a Ctrl-C): nothing may outlive the
     * run, and each stop ends within its grace period. Stopping one by one cost about 0.4 s each.
     */
    protected static void stopInParallel(List<ServiceInstance> services, java.util.function.Consumer<ServiceInstance> stop) {
        List<Thread> stoppers = services.stream()
                .map(instance -> new Thread(() -> stop.accept(instance), "stop-" + instance.name())).toList();
        stoppers.forEach(Thread::start);
        boolean interrupted = false;
        for (Thread stopper : stoppers) {
            while (stopper.isAlive()) {
                try {
                    stopper.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    protected Admin kafkaAdmin() {
        synchronized (adminLock) {
            if (admin == null) {
                admin = Admin.create(KafkaAdmin.config(kafkaBootstrap()));
            }
            return admin;
        }
    }

    /** Creates each planned link as a proxy of the same name on the fault proxy. */
    protected void createLinks(FaultProxyClient client, List<SystemWiring.Link> planned) {
        for (SystemWiring.Link link : planned) {
            try {
                client.createProxy(link.name(), link.listen(), link.upstream());
                links.add(link.name());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create link " + link.name() + " on the fault proxy", e);
            }
        }
    }

    /** True until {@link #start()} has brought everything up (or failed). */
    protected boolean isStarting() {
        return starting;
    }

    /** Instances of a service that run and are not frozen. */
    protected int runningInstances(String service) {
        return (int) instances.stream().filter(i -> i.role().equals(service) && i.isRunning() && !i.isPaused()).count();
    }

    @Override
    public SystemSpec system() {
        return spec.system();
    }

    /** An instance prepared for a fault that adds one, but not started with the rest. */
    protected boolean isSpare(ServiceInstance instance) {
        return spec.system().services().containsKey(instance.role())
                && spec.system().service(instance.role()).isSpare(instance.name());
    }
}
