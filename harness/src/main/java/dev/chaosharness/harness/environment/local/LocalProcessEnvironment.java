package dev.chaosharness.harness.environment.local;

import dev.chaosharness.harness.environment.AbstractEnvironment;
import dev.chaosharness.harness.environment.DataDirectories;
import dev.chaosharness.harness.environment.DependentStart;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.FreePorts;
import dev.chaosharness.harness.environment.JfrRepository;
import dev.chaosharness.harness.environment.JvmCommand;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.environment.ReadyCheck;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.environment.SystemWiring;
import dev.chaosharness.faultproxy.FaultProxyServer;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.environment.postgres.LocalPostgres;
import dev.chaosharness.harness.environment.postgres.PostgresBinaries;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime: the broker and every service instance as processes on free loopback ports
 * (a jar as a forked JVM, a command as it is written), every network link between them through an
 * embedded fault-proxy, wired by {@link SystemWiring}. By default the broker starts and the declared
 * topics are created before any instance is launched, as a service that needs its topics at boot
 * (Kafka Streams) expects. With {@code kafka.services-start: with-broker} the instances are launched
 * with the broker: on two cores its start (about 4 s) is otherwise spent before any service begins
 * its own, and Kafka clients retry until it answers. The topics are then created as soon as it
 * does; one that a service created first with other partitions stops the start with an error (see
 * {@link KafkaAdmin#createTopics}). Every instance is awaited at once, from its launch on. A shutdown hook stops what is
 * still running if the harness JVM is interrupted.
 */
public final class LocalProcessEnvironment extends AbstractEnvironment {

    private static final Logger log = LoggerFactory.getLogger(LocalProcessEnvironment.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String HOST = "127.0.0.1";

    private final RuntimeArtifacts artifacts;
    private FaultProxyServer faultProxy;
    private KafkaBrokerProcess kafka;

    public LocalProcessEnvironment(EnvironmentSpec spec, RuntimeArtifacts artifacts, RunDirectory runDir, HistorySink history) {
        super(spec, runDir, history);
        this.artifacts = artifacts;
    }

    @Override
    public String runtime() {
        return "local";
    }

    @Override
    protected void launchAll() {
        createDirectories();
        faultProxy = FaultProxyServer.start(HOST, 0, spec.seed());
        SystemWiring.Plan plan = SystemWiring.plan(spec.system(), new LoopbackNetwork(runDir.path()));
        createLinks(new FaultProxyClient(faultProxy.host(), faultProxy.port()), plan.links());
        kafka = new KafkaBrokerProcess(artifacts, runDir.resolve("kafka"), history, spec.readyTimeout(),
                plan.clientListeners());
        instances.add(kafka.instance());
        kafka.launch();
        boolean withBroker = servicesStart() == SystemSpec.ServicesStart.WITH_BROKER;
        if (!withBroker) {
            awaitBrokerAndCreateTopics();
        }
        Map<String, List<DependentStart.Instance>> started = new LinkedHashMap<>();
        for (SystemWiring.InstancePlan instance : plan.instances()) {
            LocalProcess process = process(instance);
            instances.add(process);
            if (!instance.spare()) {
                started.computeIfAbsent(instance.service().name(), s -> new ArrayList<>())
                        .add(new DependentStart.Instance(process.name(), process::start));
            }
        }
        awaitAll(started, withBroker);
    }

    /**
     * Launches and awaits every instance as {@code depends-on} allows, each on a thread of its own,
     * while this thread awaits the broker and creates the topics (with-broker). Awaited one after
     * another, an instance's first answer (a Spring service's first request sets up its web layer,
     * about 1 s on two cores) only began after the broker and the instances before it. The first
     * failure ends the wait; the other waits end when the environment is closed and their processes stop.
     */
    private void awaitAll(Map<String, List<DependentStart.Instance>> started, boolean withBroker) {
        CompletableFuture<Void> all = DependentStart.start(started.entrySet().stream()
                .map(e -> new DependentStart.Service(e.getKey(), spec.system().service(e.getKey()).dependsOn(), e.getValue()))
                .toList(), message -> log.info("{}", message));
        if (withBroker) {
            awaitBrokerAndCreateTopics();
        }
        try {
            all.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new EnvironmentStartException(
                    "an instance failed while starting: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentStartException("interrupted while waiting for the instances to be ready", e);
        }
    }

    private void awaitBrokerAndCreateTopics() {
        long startNanos = System.nanoTime();
        kafka.awaitReady();
        long readyNanos = System.nanoTime();
        kafka.createTopics(spec.system().topics());
        log.info("kafka: waited {} ms for the broker to answer, created {} topics in {} ms", (readyNanos - startNanos) / 1_000_000,
                spec.system().topics().size(), (System.nanoTime() - readyNanos) / 1_000_000);
    }

    @Override
    public SystemSpec.ServicesStart servicesStart() {
        return spec.system().servicesStart();
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    @Override
    public boolean reseedFaultProxy(long seed) {
        faultProxy.reseed(seed);
        return true;
    }

    @Override
    public FaultProxyAddress faultProxy() {
        return new FaultProxyAddress(faultProxy.host(), faultProxy.port());
    }

    private void createDirectories() {
        try {
            Files.createDirectories(runDir.resolve("jfr"));
            Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run's folders in " + runDir.path(), e);
        }
    }

    private LocalProcess process(SystemWiring.InstancePlan instance) {
        ServiceSpec service = instance.service();
        Path logFile = runDir.resolve("logs").resolve(instance.name() + ".log");
        List<String> command = new ArrayList<>();
        Path workingDir = runDir.path();
        Launch launch = service.launch().on(Launch.Host.PROCESSES);
        if (launch instanceof Launch.Jar jar) {
            Optional<Path> jfr = service.jvm() ? Optional.of(runDir.resolve("jfr").resolve(instance.name() + "-"
                    + LocalProcess.START_PLACEHOLDER + ".jfr")) : Optional.empty();
            command.addAll(jarCommand(jar, jfr, spec.serviceJvmOptions(), artifacts.javaExecutable()));
            workingDir = jar.workingDir().orElse(workingDir);
        } else if (launch instanceof Launch.Command given) {
            command.addAll(instance.command());
            workingDir = given.workingDir();
        } else if (launch instanceof Launch.Postgres postgres) {
            command.addAll(LocalPostgres.command(postgres, PostgresBinaries.require(), artifacts.javaExecutable(),
                    LoopbackNetwork.dataDirOf(runDir.path(), instance.name()), HOST, instance.port()));
        } else {
            throw new EnvironmentStartException(service.name() + " runs as " + service.launch().describe()
                    + ", which the local runtime cannot run");
        }
        command.addAll(instance.args());
        URI uri = URI.create("http://" + HOST + ":" + instance.port());
        LocalProcess[] self = new LocalProcess[1];
        ReadyCheck ready = new ReadyCheck(service.readiness(), new ReadyCheck.Target(HOST, instance.port(),
                () -> self[0].outputSinceStart(), this::kafkaAdmin, () -> runningInstances(service.name()), this::isStarting));
        self[0] = new LocalProcess(new LocalProcess.Spec(instance.name(), service.name(), service.jvm(), command, instance.env(),
                workingDir, logFile, Optional.of(uri), ready::isReady, ready::pending, spec.readyTimeoutOf(service), STOP_GRACE,
                launch instanceof Launch.Postgres ? LocalPostgres.STOP_SIGNAL : "TERM"),
                history);
        return self[0];
    }

    /**
     * The JVM command line of a jar: the Java its file names ({@code java-home}), else
     * {@code defaultJava}; its own options, JFR into {@code jfrFile} when it is recorded, the CDS
     * archive beside the jar, the harness's options, then {@code -jar}.
     */
    static List<String> jarCommand(Launch.Jar jar, Optional<Path> jfrFile, List<String> harnessOptions, Path defaultJava) {
        List<String> runtimeOptions = new ArrayList<>(RuntimeArtifacts.classDataSharing(jar.jar()));
        jfrFile.filter(file -> !JfrRepository.setIn(jar.jvmOptions()))
                .ifPresent(file -> runtimeOptions.add(JfrRepository.option(file.getParent())));
        jar.profile().ifPresent(event -> runtimeOptions.add(AsyncProfilerAgent.option(
                jfrFile.orElseThrow(() -> new IllegalStateException("profile: needs a JVM the harness records (jvm: true)"))
                        .getParent().getParent(), event, AsyncProfilerAgent.output(jfrFile.get(), event))));
        return JvmCommand.of(jar.javaHome().map(home -> home.resolve("bin").resolve("java")).orElse(defaultJava).toString(),
                jar, jfrFile.map(Path::toString), runtimeOptions, harnessOptions, jar.jar().toString());
    }

    @Override
    protected Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("kafka", kafka.bootstrap());
        endpoints.put("fault-proxy", faultProxy.uri().toString());
        instances.forEach(i -> i.httpUri().ifPresent(uri -> endpoints.put(i.name(), uri.toString())));
        return endpoints;
    }

    /**
     * Stops the services all at once (each gets its grace period, then SIGKILL), then the broker,
     * then the proxy: nothing needs them to go in turn once the load is over.
     */
    @Override
    protected void stopAll() {
        stopInParallel(instances.stream().filter(i -> kafka == null || i != kafka.instance()).toList(),
                LocalProcessEnvironment::stopOrKill);
        if (kafka != null) {
            kafka.close();
            stopOrKill(kafka.instance());
        }
        if (faultProxy != null) {
            faultProxy.close();
        }
        DataDirectories.removeUnkept(runDir.path(), spec.system());
    }

    private static void stopOrKill(ServiceInstance instance) {
        try {
            instance.stop();
        } catch (RuntimeException e) {
            log.warn("stopping {} failed: {}; killing it", instance.name(), e.toString());
            instance.kill();
        }
    }

    /** Loopback: every instance and link on a port of its own, from {@link FreePorts}. */
    private record LoopbackNetwork(Path runDirectory) implements SystemWiring.Network {

        @Override
        public String bindHost() {
            return HOST;
        }

        @Override
        public int instancePort(String instance) {
            return FreePorts.next();
        }

        @Override
        public String instanceAddress(String instance, int port) {
            return HOST + ":" + port;
        }

        @Override
        public SystemWiring.ProxyAddress nextProxy() {
            String address = HOST + ":" + FreePorts.next();
            return new SystemWiring.ProxyAddress(address, address);
        }

        @Override
        public SystemWiring.BrokerAddress nextBrokerListener() {
            int port = FreePorts.next();
            return new SystemWiring.BrokerAddress(port, HOST + ":" + port);
        }

        @Override
        public String runDir() {
            return runDirectory.toString();
        }

        @Override
        public String dataDir(String instance) {
            return dataDirOf(runDirectory, instance).toString();
        }

        static Path dataDirOf(Path runDirectory, String instance) {
            Path dir = DataDirectories.of(runDirectory, instance);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir, e);
            }
            return dir;
        }

        @Override
        public Launch.Host host() {
            return Launch.Host.PROCESSES;
        }
    }
}
