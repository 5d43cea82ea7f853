package dev.chaosharness.harness.environment;

import dev.chaosharness.faultproxy.FaultProxyServer;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime: the broker and every service instance as forked JVMs on free loopback
 * ports, with every network link between them going through an embedded fault-proxy:
 * {@code order->payment-N} for HTTP, and {@code <instance>->kafka} for each Kafka client, which
 * has a broker listener of its own advertising its proxy, so cutting one client cuts only it.
 * Everything is launched at once and then awaited; a shutdown hook stops what is still running
 * if the harness JVM is interrupted.
 */
public final class LocalProcessEnvironment extends AbstractEnvironment {

    private static final Logger log = LoggerFactory.getLogger(LocalProcessEnvironment.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final RuntimeArtifacts artifacts;
    private FaultProxyServer faultProxy;
    private ToxiproxyClient toxiproxy;
    private KafkaBrokerProcess kafka;
    private ForkedJvm order;

    public LocalProcessEnvironment(EnvironmentSpec spec, RuntimeArtifacts artifacts, RunDirectory runDir, RunHistory history) {
        super(spec, runDir, history);
        this.artifacts = artifacts;
    }

    @Override
    public String runtime() {
        return "local";
    }

    @Override
    protected void launchAll() {
        launchProcesses();
        kafka.awaitReady();
        kafka.createTopics(Map.of(ORDERS_TOPIC, 6, PAYMENTS_TOPIC, 6));
        for (ServiceInstance instance : instances) {
            if (instance != kafka.instance() && !isSpare(instance)) {
                ((ForkedJvm) instance).awaitReady();
            }
        }
        awaitCaptureGroup(spec.paymentInstances());
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
        return new FaultProxyAddress(faultProxy.host(), faultProxy.port());
    }

    /** Waits until the capture group has this many members, stable, each with partitions. */
    public void awaitCaptureGroup(int members) {
        KafkaAdmin.awaitCaptureGroup(kafka.bootstrap(), members, spec.readyTimeout(), runDir.resolve("logs").toString());
    }

    private void launchProcesses() {
        try {
            Files.createDirectories(runDir.resolve("jfr"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir.resolve("jfr"), e);
        }
        faultProxy = FaultProxyServer.start("127.0.0.1", 0, spec.seed());
        toxiproxy = new ToxiproxyClient(faultProxy.host(), faultProxy.port());
        int paymentCount = spec.paymentInstances() + spec.sparePaymentInstances();
        List<String> kafkaClients = new ArrayList<>(List.of("order-1"));
        for (int i = 1; i <= paymentCount; i++) {
            kafkaClients.add("payment-" + i);
        }
        Map<String, String> kafkaAddressOf = new LinkedHashMap<>();
        List<KafkaBrokerProcess.ClientListener> listeners = new ArrayList<>();
        for (String client : kafkaClients) {
            int brokerPort = FreePorts.next();
            String proxied = link(client + "->kafka", "127.0.0.1:" + brokerPort);
            kafkaAddressOf.put(client, proxied);
            listeners.add(new KafkaBrokerProcess.ClientListener(client, brokerPort, proxied));
        }
        kafka = new KafkaBrokerProcess(artifacts, runDir.resolve("kafka"), history, spec.readyTimeout(), listeners);
        instances.add(kafka.instance());
        // Formatting the storage is a JVM of its own: it runs while the services start.
        CompletableFuture<Void> broker = CompletableFuture.runAsync(kafka::launch);

        List<String> paymentUrls = new ArrayList<>();
        for (int i = 1; i <= paymentCount; i++) {
            String name = "payment-" + i;
            int port = FreePorts.next();
            Map<String, String> properties = new LinkedHashMap<>(spec.paymentProperties());
            properties.put("payment.instance-id", name);
            properties.put("payment.kafka-bootstrap", kafkaAddressOf.get(name));
            properties.put("payment.group-protocol", spec.groupProtocol());
            instances.add(service(name, "payment-service", artifacts.paymentServiceJar().toString(), port, properties));
            String proxied = link("order->" + name, "127.0.0.1:" + port);
            if (i <= spec.paymentInstances()) {
                paymentUrls.add("http://" + proxied);
            }
        }
        Map<String, String> orderProperties = new LinkedHashMap<>(spec.orderProperties());
        orderProperties.put("order.instance-id", "order-1");
        orderProperties.put("order.kafka-bootstrap", kafkaAddressOf.get("order-1"));
        orderProperties.putIfAbsent("order.payment-urls", String.join(",", paymentUrls));
        order = service("order-1", "order-service", artifacts.orderServiceJar().toString(), FreePorts.next(), orderProperties);
        instances.add(order);
        for (ServiceInstance instance : instances) {
            if (instance != kafka.instance() && !isSpare(instance)) {
                ((ForkedJvm) instance).launch();
            }
        }
        try {
            broker.join(); // the services' Kafka clients retry until the broker is up
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Creates the proxy for a link and returns the address clients use instead of {@code upstream}. */
    private String link(String name, String upstream) {
        try {
            Proxy proxy = toxiproxy.createProxy(name, "127.0.0.1:0", upstream);
            links.add(name);
            return proxy.getListen();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create link " + name + " on the fault proxy", e);
        }
    }

    private ForkedJvm service(String name, String role, String jar, int port, Map<String, String> properties) {
        List<String> command = new ArrayList<>(List.of(artifacts.javaExecutable().toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-XX:StartFlightRecording=filename=" + runDir.resolve("jfr").resolve(name + "-" + ForkedJvm.START_PLACEHOLDER
                        + ".jfr") + ",dumponexit=true,settings=default"));
        command.addAll(RuntimeArtifacts.classDataSharing(Path.of(jar)));
        command.addAll(spec.serviceJvmOptions());
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--server.address=127.0.0.1"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        URI uri = URI.create("http://127.0.0.1:" + port);
        return new ForkedJvm(new ForkedJvm.Spec(name, role, command, runDir.resolve("logs").resolve(name + ".log"),
                Optional.of(uri), () -> HttpHealth.isUp(uri), spec.readyTimeout(), STOP_GRACE), history);
    }

    @Override
    protected Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("kafka", kafka.bootstrap());
        endpoints.put("fault-proxy", faultProxy.uri().toString());
        instances.forEach(i -> i.httpUri().ifPresent(uri -> endpoints.put(i.name(), uri.toString())));
        return endpoints;
    }

    /** Stops in reverse start order: the load's entry point first, the broker last, then the proxy. */
    @Override
    protected void stopAll() {
        List<ServiceInstance> reversed = new ArrayList<>(instances);
        Collections.reverse(reversed);
        for (ServiceInstance instance : reversed) {
            try {
                instance.stop();
            } catch (RuntimeException e) {
                log.warn("stopping {} failed: {}; killing it", instance.name(), e.toString());
                instance.kill();
            }
        }
        if (faultProxy != null) {
            faultProxy.close();
        }
    }
}
