package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.AbstractEnvironment;
import dev.chaosharness.harness.environment.DataDirectories;
import dev.chaosharness.harness.environment.DependentStart;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.BrokerSettings;
import dev.chaosharness.harness.environment.FreePorts;
import dev.chaosharness.harness.environment.JvmCommand;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.environment.ReadyCheck;
import dev.chaosharness.harness.environment.ProcessGroups;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.environment.SystemWiring;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.Placeholder;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The container runtime: Kafka, the fault proxy (Toxiproxy or its substitute) and every service
 * instance as containers on one Docker network of their own, wired by {@link SystemWiring} exactly
 * as the local runtime is: each Kafka client has a broker listener of its own advertising its link
 * ({@code toxiproxy:86xx}), and each caller reaches each callee instance through its link. A jar runs
 * in the JRE image with its folder copied to {@code /app}; an image runs as it is, given the wiring's
 * arguments. The harness reaches the services, the broker's own listener and the proxy's API on ports
 * mapped to this host's loopback.
 */
public final class DockerEnvironment extends AbstractEnvironment {

    static final String PROXY_ALIAS = "toxiproxy";
    private static final Logger log = LoggerFactory.getLogger(DockerEnvironment.class);
    private static final int SERVICE_PORT = 8080;
    private static final int FIRST_PROXY_PORT = 8666;
    private static final int LAST_PROXY_PORT = 8697;
    private static final int FIRST_CLIENT_LISTENER_PORT = 19100;
    private static final String RUN_DIR_IN_CONTAINER = "/harness-run";
    private static final String WORK_DIR_IN_CONTAINER = "/work";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final ContainerImages images;
    private final Map<String, String> labels;
    private Network network;
    private ToxiproxyContainer faultProxy;
    private BrokerContainer kafka;
    private ProcessGroups.Undo undoOnDeath;

    public DockerEnvironment(EnvironmentSpec spec, ContainerImages images, RunDirectory runDir, HistorySink history) {
        super(spec, runDir, history);
        this.images = images;
        this.labels = ContainerLabels.forRun(runDir.runId());
    }

    @Override
    public String runtime() {
        return "docker";
    }

    @Override
    protected void launchAll() {
        int orphans = ContainerLabels.removeOrphans(DockerClientFactory.instance().client());
        if (orphans > 0) {
            log.info("removed {} containers and networks left by harness processes that are gone", orphans);
        }
        undoOnDeath = ProcessGroups.undoOnDeath(removalScript());
        network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(labels)).build();
        SystemWiring.Plan plan = SystemWiring.plan(spec.system(), new ContainerNetwork());
        kafka = new BrokerContainer(kafkaContainer(plan.clientListeners()),
                new LogFile(runDir.resolve("kafka").resolve("kafka.log")), history, spec.readyTimeout());
        instances.add(kafka);
        CompletableFuture<Void> broker = CompletableFuture.runAsync(kafka::start);
        startFaultProxy();
        createLinks(new FaultProxyClient(faultProxy.getHost(), faultProxy.getControlPort()), plan.links());
        join(broker);
        KafkaAdmin.createTopics(kafkaBootstrap(), spec.system().topics());
        Map<String, List<DependentStart.Instance>> started = new LinkedHashMap<>();
        for (SystemWiring.InstancePlan instance : plan.instances()) {
            ServiceContainer container = service(instance);
            instances.add(container);
            if (!instance.spare()) {
                started.computeIfAbsent(instance.service().name(), s -> new ArrayList<>())
                        .add(new DependentStart.Instance(container.name(), container::start));
            }
        }
        join(DependentStart.start(started.entrySet().stream().map(e -> new DependentStart.Service(e.getKey(),
                spec.system().service(e.getKey()).dependsOn(), e.getValue())).toList(), message -> log.info("{}", message)));
    }

    private KafkaContainer kafkaContainer(List<SystemWiring.ClientListener> clients) {
        KafkaContainer container = new ReadyFlagKafkaContainer(images.kafka())
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withLabels(labels)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(containerName("kafka")))
                .withStartupTimeout(spec.readyTimeout())
                // the same broker settings as the local broker: a frozen or killed consumer is noticed in seconds
                .withEnv("KAFKA_HEAP_OPTS", BrokerSettings.HEAP)
                .withEnv(BrokerSettings.asContainerEnv());
        for (SystemWiring.ClientListener client : clients) {
            container.withListener("kafka:" + client.brokerPort(), client::advertised);
        }
        container.setPortBindings(List.of("127.0.0.1:" + FreePorts.next() + ":9092"));
        return container;
    }

    private void startFaultProxy() {
        faultProxy = new ToxiproxyContainer(images.faultProxy())
                .withNetwork(network)
                .withNetworkAliases(PROXY_ALIAS)
                .withLabels(labels)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(containerName("fault-proxy")))
                .withCommand("-host=0.0.0.0", "-seed=" + spec.seed())
                .withLogConsumer(new LogFile(runDir.resolve("logs").resolve("fault-proxy.log")))
                .withStartupTimeout(spec.readyTimeout());
        // Testcontainers publishes the API and the 32 proxy ports on every interface; the harness
        // needs only the API, and only from this host.
        faultProxy.setPortBindings(faultProxy.getExposedPorts().stream()
                .map(port -> "127.0.0.1::" + port).toList());
        try {
            faultProxy.start();
        } catch (RuntimeException e) {
            throw new EnvironmentStartException("the fault proxy (" + images.faultProxy() + ") did not start: "
                    + e.getMessage(), e);
        }
    }

    /**
     * What one instance's container runs: its image, command, environment, app folder (a jar's), the
     * folder it runs in (a jar's {@code working-dir}, copied to {@value #WORK_DIR_IN_CONTAINER}) and port.
     */
    private record Run(DockerImageName image, List<String> command, Map<String, String> env, Path appDir, Path workDir,
                       int port, Map<Path, String> files, Optional<ContainerPostgres.DataBind> data) {
        Run(DockerImageName image, List<String> command, Map<String, String> env, Path appDir, Path workDir, int port) {
            this(image, command, env, appDir, workDir, port, Map.of(), Optional.empty());
        }
    }

    private ServiceContainer service(SystemWiring.InstancePlan instance) {
        ServiceSpec service = instance.service();
        String name = instance.name();
        String jfr = "/tmp/" + name + ".jfr";
        Run run = run(instance, service.jvm() ? Optional.of(jfr) : Optional.empty());
        int hostPort = FreePorts.next();
        boolean mountRunDir = service.wiring().placeholders().stream().anyMatch(p -> p.name().equals(Placeholder.RUN_DIR));
        LogFile logFile = new LogFile(runDir.resolve("logs").resolve(name + ".log"));
        ReadyCheck ready = new ReadyCheck(service.readiness(), new ReadyCheck.Target("127.0.0.1", hostPort,
                logFile::sinceLastHeader, this::kafkaAdmin, () -> runningInstances(service.name()), this::isStarting));
        return new ServiceContainer(new ServiceContainer.Spec(name, service.name(), () -> container(name, run, hostPort,
                mountRunDir), URI.create("http://127.0.0.1:" + hostPort), logFile, runDir.resolve("jfr"),
                service.jvm() ? jfr : null, ready, spec.readyTimeoutOf(service), STOP_GRACE), history);
    }

    /**
     * A jar runs on the JRE image with its folder copied to /app; an image as declared (or its
     * substitute), with JFR through JAVA_TOOL_OPTIONS when it is a JVM. The instance's args follow.
     */
    private Run run(SystemWiring.InstancePlan instance, Optional<String> jfr) {
        ServiceSpec service = instance.service();
        Map<String, String> env = new LinkedHashMap<>(instance.env());
        List<String> command = new ArrayList<>();
        Run run;
        Launch launch = service.launch().on(Launch.Host.CONTAINERS);
        if (launch instanceof Launch.Jar jar) {
            command.addAll(JvmCommand.of("java", jar, jfr, List.of(), spec.serviceJvmOptions(), "/app/" + jar.jar().getFileName()));
            run = new Run(images.jreFor(service.name()), command, env, jar.jar().getParent(), jar.workingDir().orElse(null),
                    SERVICE_PORT);
        } else if (launch instanceof Launch.Image given) {
            jfr.ifPresent(file -> env.merge("JAVA_TOOL_OPTIONS", JvmCommand.flightRecording(file),
                    (declared, added) -> declared + " " + added));
            run = new Run(images.forDeclared(given.image()), command, env, null, null, given.port().orElse(SERVICE_PORT));
        } else if (launch instanceof Launch.Postgres postgres) {
            ContainerPostgres server = ContainerPostgres.of(postgres, service.name(), runDir.path());
            env.putAll(server.env());
            return new Run(images.forDeclared(Launch.Postgres.IMAGE), server.command(), env, null, null, ContainerPostgres.PORT,
                    server.initFiles(), Optional.of(server.data(instance.name())));
        } else {
            throw new EnvironmentStartException(service.name() + " runs as " + service.launch().describe()
                    + ", which the docker runtime cannot run");
        }
        command.addAll(instance.args());
        return run;
    }

    /** A new container of the instance, on the network under its name, its port on 127.0.0.1:{@code hostPort}. */
    private GenericContainer<?> container(String name, Run run, int hostPort, boolean mountRunDir) {
        GenericContainer<?> container = new GenericContainer<>(run.image())
                .withNetwork(network)
                .withNetworkAliases(name)
                .withLabels(labels)
                .withEnv(run.env())
                .withCreateContainerCmdModifier(cmd -> cmd.withName(containerName(name)))
                .withExposedPorts(run.port())
                .waitingFor(new NoWaitStrategy());
        if (!run.command().isEmpty()) {
            container.withCommand(run.command().toArray(String[]::new));
        }
        if (run.appDir() != null) {
            container.withCopyFileToContainer(MountableFile.forHostPath(run.appDir()), "/app");
        }
        if (run.workDir() != null) {
            container.withCopyFileToContainer(MountableFile.forHostPath(run.workDir()), WORK_DIR_IN_CONTAINER)
                    .withWorkingDirectory(WORK_DIR_IN_CONTAINER);
        }
        run.files().forEach((file, inContainer) -> container.withCopyFileToContainer(MountableFile.forHostPath(file), inContainer));
        run.data().ifPresent(data -> container.withFileSystemBind(data.hostDir().toString(), data.inContainer(), BindMode.READ_WRITE));
        if (mountRunDir) {
            container.withFileSystemBind(runDir.path().toString(), RUN_DIR_IN_CONTAINER, BindMode.READ_WRITE);
        }
        container.setPortBindings(List.of("127.0.0.1:" + hostPort + ":" + run.port()));
        return container;
    }

    private String containerName(String instance) {
        return "chaos-harness-" + runDir.runId() + "-" + instance;
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    @Override
    public FaultProxyAddress faultProxy() {
        return new FaultProxyAddress(faultProxy.getHost(), faultProxy.getControlPort());
    }

    @Override
    protected Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("kafka", kafka.bootstrap());
        endpoints.put("fault-proxy", "http://" + faultProxy.getHost() + ":" + faultProxy.getControlPort());
        instances.forEach(i -> i.httpUri().ifPresent(uri -> endpoints.put(i.name(), uri.toString())));
        endpoints.put("image.kafka", images.kafka().asCanonicalNameString());
        endpoints.put("image.fault-proxy", images.faultProxy().asCanonicalNameString());
        endpoints.put("image.jre", images.jre().asCanonicalNameString());
        spec.system().services().values().forEach(service -> {
            if (service.launch() instanceof Launch.Postgres) {
                endpoints.put("image." + service.name(), Launch.Postgres.IMAGE + " runs as "
                        + images.forDeclared(Launch.Postgres.IMAGE).asCanonicalNameString());
            }
            if (service.launch().on(Launch.Host.CONTAINERS) instanceof Launch.Image image) {
                endpoints.put("image." + service.name(), image.image() + " runs as "
                        + images.forDeclared(image.image()).asCanonicalNameString());
            }
        });
        endpoints.put("network", network.getId());
        return endpoints;
    }

    /**
     * Stops the services gracefully (so they dump JFR), all at once, then the broker and the
     * proxy, then removes the network; every step is tried whatever the earlier ones did.
     */
    @Override
    protected void stopAll() {
        // the services at once (each waits for its JVM to dump its recording), then the broker they used
        stopInParallel(instances.stream().filter(instance -> instance != kafka).toList(),
                instance -> attempt("stop " + instance.name(), instance::stop));
        if (kafka != null) {
            attempt("stop kafka", kafka::remove);
        }
        if (faultProxy != null) {
            attempt("remove the fault proxy", faultProxy::stop);
        }
        if (network != null) {
            attempt("remove the network", network::close);
        }
        attempt("remove the data directories", () -> DataDirectories.removeUnkept(runDir.path(), spec.system()));
        if (undoOnDeath != null) {
            undoOnDeath.close();
        }
    }

    /**
     * What the watchdog runs if the harness dies during the run (SIGKILL: no shutdown hook, and Ryuk
     * cannot run here): the run's labelled containers, then its networks, with the docker CLI.
     */
    private java.nio.file.Path removalScript() {
        String filter = "--filter label=" + ContainerLabels.RUN + "=" + runDir.runId();
        String script = "docker ps -aq " + filter + " | xargs -r docker rm -f -v\n"
                + "docker network ls -q " + filter + " | xargs -r docker network rm\n";
        java.nio.file.Path file = runDir.resolve("remove-containers.sh");
        try {
            java.nio.file.Files.writeString(file, script);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void attempt(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("could not {}: {}", what, e.toString());
        }
    }

    private static void join(CompletableFuture<Void> future) {
        try {
            future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** One Docker network: every instance on its own alias and port 8080, links on the proxy container's ports. */
    private final class ContainerNetwork implements SystemWiring.Network {

        private int nextProxyPort = FIRST_PROXY_PORT;
        private int nextClientListenerPort = FIRST_CLIENT_LISTENER_PORT;

        @Override
        public String bindHost() {
            return "0.0.0.0";
        }

        /** 8080, or the port its image declares ({@code image-port}). */
        @Override
        public int instancePort(String instance) {
            return spec.system().services().values().stream().filter(s -> s.instanceNames().contains(instance))
                    .map(s -> s.launch().on(Launch.Host.CONTAINERS) instanceof Launch.Image image ? image.port().orElse(SERVICE_PORT)
                            : s.launch() instanceof Launch.Postgres ? ContainerPostgres.PORT : SERVICE_PORT)
                    .findFirst().orElse(SERVICE_PORT);
        }

        @Override
        public String instanceAddress(String instance, int port) {
            return instance + ":" + port;
        }

        @Override
        public SystemWiring.ProxyAddress nextProxy() {
            if (nextProxyPort > LAST_PROXY_PORT) {
                throw new EnvironmentStartException("more links than the " + (LAST_PROXY_PORT - FIRST_PROXY_PORT + 1)
                        + " ports the fault-proxy container exposes (" + FIRST_PROXY_PORT + "-" + LAST_PROXY_PORT + ")");
            }
            int port = nextProxyPort++;
            return new SystemWiring.ProxyAddress("0.0.0.0:" + port, PROXY_ALIAS + ":" + port);
        }

        @Override
        public SystemWiring.BrokerAddress nextBrokerListener() {
            int port = nextClientListenerPort++;
            return new SystemWiring.BrokerAddress(port, "kafka:" + port);
        }

        @Override
        public String runDir() {
            return RUN_DIR_IN_CONTAINER;
        }

        @Override
        public String dataDir(String instance) {
            throw new EnvironmentStartException(instance + " names ${data.dir}, which only the local runtime provides (in a"
                    + " container a service keeps its files in the container's own file system)");
        }

        @Override
        public Launch.Host host() {
            return Launch.Host.CONTAINERS;
        }
    }
}
