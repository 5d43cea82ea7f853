package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.AbstractEnvironment;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.FreePorts;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The container runtime: Kafka, the fault proxy (Toxiproxy or its substitute), order-service and
 * the payment-service instances as containers on one Docker network of their own. Links are the
 * same as the local runtime's: each Kafka client has a broker listener of its own advertising its
 * proxy ({@code toxiproxy:86xx}), and order-service calls each payment instance through
 * {@code order->payment-N}. The harness reaches the services, the broker's own listener and the
 * proxy's API on ports mapped to this host's loopback.
 */
public final class DockerEnvironment extends AbstractEnvironment {

    static final String PROXY_ALIAS = "toxiproxy";
    private static final Logger log = LoggerFactory.getLogger(DockerEnvironment.class);
    private static final int SERVICE_PORT = 8080;
    private static final int FIRST_PROXY_PORT = 8666;
    private static final int LAST_PROXY_PORT = 8697;
    private static final int FIRST_CLIENT_LISTENER_PORT = 19100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final ContainerImages images;
    private final Map<String, String> labels;
    private Network network;
    private ToxiproxyContainer faultProxy;
    private ToxiproxyClient toxiproxy;
    private BrokerContainer kafka;
    private ServiceContainer order;
    private int nextProxyPort = FIRST_PROXY_PORT;

    public DockerEnvironment(EnvironmentSpec spec, ContainerImages images, RunDirectory runDir, RunHistory history) {
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
        network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(labels)).build();
        int paymentCount = spec.paymentInstances() + spec.sparePaymentInstances();
        List<String> kafkaClients = new ArrayList<>(List.of("order-1"));
        for (int i = 1; i <= paymentCount; i++) {
            kafkaClients.add("payment-" + i);
        }
        Map<String, Integer> kafkaProxyPort = new LinkedHashMap<>();
        kafkaClients.forEach(client -> kafkaProxyPort.put(client, nextProxyPort()));

        kafka = new BrokerContainer(kafkaContainer(kafkaClients, kafkaProxyPort),
                new LogFile(runDir.resolve("kafka").resolve("kafka.log")), history, spec.readyTimeout());
        instances.add(kafka);
        CompletableFuture<Void> broker = CompletableFuture.runAsync(kafka::start);

        startFaultProxy();
        for (int i = 0; i < kafkaClients.size(); i++) {
            String client = kafkaClients.get(i);
            link(client + "->kafka", kafkaProxyPort.get(client), "kafka:" + (FIRST_CLIENT_LISTENER_PORT + i));
        }
        List<String> paymentUrls = new ArrayList<>();
        for (int i = 1; i <= paymentCount; i++) {
            String name = "payment-" + i;
            Map<String, String> properties = new LinkedHashMap<>(spec.paymentProperties());
            properties.put("payment.instance-id", name);
            properties.put("payment.kafka-bootstrap", PROXY_ALIAS + ":" + kafkaProxyPort.get(name));
            properties.put("payment.group-protocol", spec.groupProtocol());
            instances.add(service(name, "payment-service", images.paymentService(), properties));
            int port = nextProxyPort();
            link("order->" + name, port, name + ":" + SERVICE_PORT);
            if (i <= spec.paymentInstances()) {
                paymentUrls.add("http://" + PROXY_ALIAS + ":" + port);
            }
        }
        Map<String, String> orderProperties = new LinkedHashMap<>(spec.orderProperties());
        orderProperties.put("order.instance-id", "order-1");
        orderProperties.put("order.kafka-bootstrap", PROXY_ALIAS + ":" + kafkaProxyPort.get("order-1"));
        orderProperties.putIfAbsent("order.payment-urls", String.join(",", paymentUrls));
        order = service("order-1", "order-service", images.orderService(), orderProperties);
        instances.add(order);

        List<CompletableFuture<Void>> services = instances.stream()
                .filter(i -> i != kafka && !isSpare(i))
                .map(i -> CompletableFuture.runAsync(i::start)).toList();
        join(broker);
        KafkaAdmin.createTopics(kafkaBootstrap(), Map.of(ORDERS_TOPIC, 6, PAYMENTS_TOPIC, 6));
        services.forEach(DockerEnvironment::join);
        KafkaAdmin.awaitCaptureGroup(kafkaBootstrap(), spec.paymentInstances(), spec.readyTimeout(),
                runDir.resolve("logs").toString());
    }

    private KafkaContainer kafkaContainer(List<String> clients, Map<String, Integer> proxyPortOf) {
        KafkaContainer container = new KafkaContainer(images.kafka())
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withLabels(labels)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(containerName("kafka")))
                .withStartupTimeout(spec.readyTimeout())
                // the same fast-test settings as the local broker: a frozen or killed consumer is noticed in seconds
                .withEnv("KAFKA_HEAP_OPTS", "-Xms256m -Xmx512m")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "6")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "1000")
                .withEnv("KAFKA_GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS", "1000")
                .withEnv("KAFKA_GROUP_CONSUMER_SESSION_TIMEOUT_MS", "3000")
                .withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "500")
                .withEnv("KAFKA_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS", "500");
        for (int i = 0; i < clients.size(); i++) {
            String advertised = PROXY_ALIAS + ":" + proxyPortOf.get(clients.get(i));
            container.withListener("kafka:" + (FIRST_CLIENT_LISTENER_PORT + i), () -> advertised);
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
        toxiproxy = new ToxiproxyClient(faultProxy.getHost(), faultProxy.getControlPort());
    }

    /** Creates the proxy for a link, listening on {@code port} inside the fault-proxy container. */
    private void link(String name, int port, String upstream) {
        try {
            toxiproxy.createProxy(name, "0.0.0.0:" + port, upstream);
            links.add(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create link " + name + " on the fault proxy", e);
        }
    }

    private int nextProxyPort() {
        if (nextProxyPort > LAST_PROXY_PORT) {
            throw new EnvironmentStartException("more links than the " + (LAST_PROXY_PORT - FIRST_PROXY_PORT + 1)
                    + " ports the fault-proxy container exposes (" + FIRST_PROXY_PORT + "-" + LAST_PROXY_PORT + ")");
        }
        return nextProxyPort++;
    }

    private ServiceContainer service(String name, String role, DockerImageName image, Map<String, String> properties) {
        String jfr = "/tmp/" + name + ".jfr";
        List<String> command = new ArrayList<>(List.of("java", "-Xms64m", "-Xmx256m", "-XX:+UseG1GC",
                "-XX:TieredStopAtLevel=1",
                "-XX:StartFlightRecording=filename=" + jfr + ",dumponexit=true,settings=default",
                "-XX:SharedArchiveFile=/app/app.jsa", "-Xlog:cds*=off"));
        command.addAll(spec.serviceJvmOptions());
        command.addAll(List.of("-jar", "/app/service.jar", "--server.port=" + SERVICE_PORT, "--server.address=0.0.0.0"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        int hostPort = FreePorts.next();
        Supplier<GenericContainer<?>> definition = () -> {
            GenericContainer<?> container = new GenericContainer<>(image)
                    .withNetwork(network)
                    .withNetworkAliases(name)
                    .withLabels(labels)
                    .withCreateContainerCmdModifier(cmd -> cmd.withName(containerName(name)))
                    .withCommand(command.toArray(String[]::new))
                    .withExposedPorts(SERVICE_PORT)
                    .waitingFor(Wait.forHttp("/actuator/health").forPort(SERVICE_PORT).forStatusCode(200)
                            .withStartupTimeout(spec.readyTimeout()));
            container.setPortBindings(List.of("127.0.0.1:" + hostPort + ":" + SERVICE_PORT));
            return container;
        };
        return new ServiceContainer(new ServiceContainer.Spec(name, role, definition,
                URI.create("http://127.0.0.1:" + hostPort), new LogFile(runDir.resolve("logs").resolve(name + ".log")),
                runDir.resolve("jfr"), jfr, STOP_GRACE), history);
    }

    private String containerName(String instance) {
        return "chaos-harness-" + runDir.runId() + "-" + instance;
    }

    @Override
    public String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    @Override
    public URI orderServiceUri() {
        return order.httpUri().orElseThrow();
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
        endpoints.put("image.order-service", images.orderService().asCanonicalNameString());
        endpoints.put("image.payment-service", images.paymentService().asCanonicalNameString());
        endpoints.put("network", network.getId());
        return endpoints;
    }

    /**
     * Stops the services gracefully (so they dump JFR), newest first, then the broker and the
     * proxy, then removes the network; every step is tried whatever the earlier ones did.
     */
    @Override
    protected void stopAll() {
        List<ServiceInstance> reversed = new ArrayList<>(instances);
        Collections.reverse(reversed);
        for (ServiceInstance instance : reversed) {
            attempt("stop " + instance.name(), instance == kafka ? kafka::remove : instance::stop);
        }
        if (faultProxy != null) {
            attempt("remove the fault proxy", faultProxy::stop);
        }
        if (network != null) {
            attempt("remove the network", network::close);
        }
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
}
