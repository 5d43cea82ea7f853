package dev.chaosharness.harness.environment.attach;

import dev.chaosharness.harness.environment.AbstractEnvironment;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A system that already runs, as its attach file describes it ({@code harness.runtime=attach}).
 * The harness never starts or stops it: {@link #start()} checks that every address answers (all at
 * once, each named with its line in the attach file), records each instance as running and ready,
 * and asks the fault proxy to observe the routed HTTP links; {@link #close()} restores what the
 * run changed: frozen instances resumed, observation turned off (the fault schedule removes its
 * toxics and re-enables its links). Instances are acted on through their attach file's commands,
 * or through Kubernetes where a provider for it is on the classpath ({@link InstanceControls}).
 * No JFR recording is taken of an attached JVM: the JVM checks say so.
 */
final class AttachedEnvironment extends AbstractEnvironment {

    static final String ATTACHED = HistoryEvent.ProcessStarted.ATTACHED;
    static final String JMX = HistoryEvent.ProcessStarted.JMX;

    private final AttachFile attach;
    private final InstanceControls controls;
    private final Map<String, String> linkOfProxy = new LinkedHashMap<>();

    AttachedEnvironment(EnvironmentSpec spec, AttachFile attach, InstanceControls controls, RunDirectory runDir,
                        HistorySink history) {
        super(spec, runDir, history);
        this.attach = attach;
        this.controls = controls;
        attach.links().forEach((link, routed) -> linkOfProxy.put(routed.proxy(), link));
    }

    @Override
    public String runtime() {
        return "attach";
    }

    /** Whatever the system file says: the services already run. */
    @Override
    public dev.chaosharness.harness.system.SystemSpec.ServicesStart servicesStart() {
        return spec.system().servicesStart();
    }

    @Override
    public String kafkaBootstrap() {
        return attach.kafka().toString();
    }

    @Override
    public FaultProxyAddress faultProxy() {
        return new FaultProxyAddress(attach.faultProxy().host(), attach.faultProxy().port());
    }

    @Override
    public boolean ownsFaultProxy() {
        return false;
    }

    @Override
    public String proxyName(String link) {
        AttachFile.Routed routed = attach.links().get(link);
        if (routed == null) {
            throw new IllegalArgumentException("link " + link + " is not routed through the fault proxy (" + attach.source() + ")");
        }
        return routed.proxy();
    }

    @Override
    public Optional<String> linkOfProxy(String proxy) {
        return Optional.ofNullable(linkOfProxy.get(proxy));
    }

    @Override
    protected void launchAll() {
        List<String> unreachable = unreachable();
        if (!unreachable.isEmpty()) {
            throw new EnvironmentStartException("the attached system is not all there (" + unreachable.size() + "): "
                    + String.join("; ", unreachable));
        }
        links.addAll(attach.links().keySet());
        for (AttachFile.AttachedService service : attach.services().values()) {
            instances.addAll(controls.instancesOf(service, attach, spec.readyTimeoutOf(spec.system().service(service.name())),
                    history));
        }
        long now = System.currentTimeMillis();
        for (ServiceInstance instance : instances) {
            history.append(spec.system().services().containsKey(instance.role())
                    && !spec.system().service(instance.role()).jvm() ? notAJvm(instance.name(), instance.role())
                    : started(instance.name(), instance.role(), jmxOf(instance.name())));
            history.append(new HistoryEvent.ProcessReady(now, instance.name(), 0));
        }
    }

    /** The instance as attached: not a JVM the harness records (no JFR), no pid it knows. */
    static HistoryEvent.ProcessStarted started(String name, String role) {
        return started(name, role, Optional.empty());
    }

    /**
     * The instance as attached, with no pid the harness knows; a JVM it records when its JMX
     * service URL is given ({@code command} is then {@code [attached, jmx, <url>]}, which
     * {@code probe.RemoteJfrProbe} streams from).
     */
    static HistoryEvent.ProcessStarted started(String name, String role, Optional<String> jmxServiceUrl) {
        return new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name, role, jmxServiceUrl.isPresent(), 0,
                jmxServiceUrl.map(url -> List.of(ATTACHED, JMX, url)).orElse(List.of(ATTACHED)), "");
    }

    /** An attached instance of a service the system file declares no JVM (a command). */
    static HistoryEvent.ProcessStarted notAJvm(String name, String role) {
        return new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name, role, false, 0,
                List.of(ATTACHED, HistoryEvent.ProcessStarted.NOT_A_JVM), "");
    }

    private Optional<String> jmxOf(String instance) {
        return attach.services().values().stream().map(s -> s.instances().get(instance)).filter(java.util.Objects::nonNull)
                .findFirst().flatMap(AttachFile.Instance::jmxServiceUrl);
    }

    /** Every address of the attach file that does not answer, each with its line. */
    private List<String> unreachable() {
        List<String> problems = new ArrayList<>();
        String file = attach.source().toString();
        if (!accepts(attach.kafka())) {
            problems.add(file + ": kafka " + attach.kafka() + " accepts no connection");
        }
        FaultProxyClient proxy = proxyClient();
        if (!proxy.answers()) {
            problems.add(file + ": fault-proxy " + attach.faultProxy() + " answers no Toxiproxy API (GET /version)");
        } else {
            attach.links().forEach((link, routed) -> proxyProblem(proxy, routed.proxy()).ifPresent(problem ->
                    problems.add(file + ":" + routed.line() + ": links." + link + ": " + problem)));
        }
        for (AttachFile.AttachedService service : attach.services().values()) {
            for (AttachFile.Instance instance : service.instances().values()) {
                instance.http().filter(address -> !accepts(address)).ifPresent(address -> problems.add(file + ":"
                        + instance.line() + ": services." + service.name() + ".instances." + instance.name() + ".http "
                        + address + " accepts no connection"));
                instance.jmxServiceUrl().flatMap(AttachedEnvironment::jmxProblem).ifPresent(problem -> problems.add(file + ":"
                        + instance.line() + ": services." + service.name() + ".instances." + instance.name() + ".jmx "
                        + instance.jmx().orElseThrow() + ": " + problem));
            }
        }
        return problems;
    }

    /** Why the JVM's JMX connector cannot be used, if it cannot: it must connect within 10 s. */
    private static Optional<String> jmxProblem(String serviceUrl) {
        java.util.concurrent.CompletableFuture<Optional<String>> tried = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (javax.management.remote.JMXConnector connector = javax.management.remote.JMXConnectorFactory.connect(
                    new javax.management.remote.JMXServiceURL(serviceUrl))) {
                connector.getMBeanServerConnection().getMBeanCount();
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.of("no JMX connection (" + e.getMessage() + ")");
            }
        });
        try {
            return tried.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.of("no JMX answer within 10 s");
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of("no JMX connection (" + e.getCause() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    private static Optional<String> proxyProblem(FaultProxyClient client, String proxy) {
        try {
            return client.proxy(proxy).isPresent() ? Optional.empty()
                    : Optional.of("the fault proxy has no proxy '" + proxy + "' (HTTP 404)");
        } catch (IOException e) {
            return Optional.of("the fault proxy could not show proxy '" + proxy + "' (" + e.getMessage() + ")");
        }
    }

    /** A TCP connection to the address within a second. */
    static boolean accepts(AttachFile.Address address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private FaultProxyClient proxyClient() {
        return new FaultProxyClient(attach.faultProxy().host(), attach.faultProxy().port());
    }

    /** Nothing is stopped: what the run froze is resumed (the wire probe stops observing what it turned on). */
    @Override
    protected void stopAll() {
        for (ServiceInstance instance : instances) {
            if (instance.isPaused()) {
                try {
                    instance.resume();
                } catch (RuntimeException e) {
                    history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "attach", instance.name(),
                            "could not resume it: " + e.getMessage()));
                }
            }
        }
    }

    @Override
    protected Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("kafka", attach.kafka().toString());
        endpoints.put("fault-proxy", attach.faultProxy().toString());
        endpoints.put("attach-file", attach.source().toString());
        instances.forEach(i -> i.httpUri().ifPresent(uri -> endpoints.put(i.name(), uri.toString())));
        return endpoints;
    }
}
