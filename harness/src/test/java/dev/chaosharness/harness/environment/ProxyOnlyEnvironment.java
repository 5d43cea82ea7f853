package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.Topology;
import java.util.List;

/**
 * For tests: a system whose only running part is a real fault proxy on loopback (its links are the
 * system's, as proxies of the same name), with whatever instances the test gives it.
 */
public final class ProxyOnlyEnvironment implements Environment {

    private final int proxyPort;
    private final SystemSpec system;
    private final List<ServiceInstance> instances;
    private final boolean ownsFaultProxy;

    public ProxyOnlyEnvironment(int proxyPort, SystemSpec system, List<ServiceInstance> instances) {
        this(proxyPort, system, instances, true);
    }

    /** {@code ownsFaultProxy}: false for a proxy attached to, as a team's. */
    public ProxyOnlyEnvironment(int proxyPort, SystemSpec system, List<ServiceInstance> instances, boolean ownsFaultProxy) {
        this.proxyPort = proxyPort;
        this.system = system;
        this.instances = instances;
        this.ownsFaultProxy = ownsFaultProxy;
    }

    @Override public boolean ownsFaultProxy() { return ownsFaultProxy; }
    @Override public long start() { return 0; }
    @Override public String runtime() { return "proxy-only"; }
    @Override public String kafkaBootstrap() { return "127.0.0.1:1"; }
    @Override public SystemSpec system() { return system; }
    @Override public FaultProxyAddress faultProxy() { return new FaultProxyAddress("127.0.0.1", proxyPort); }
    @Override public List<String> links() { return Topology.of(system).links(); }
    @Override public List<ServiceInstance> instances() { return instances; }
    @Override public void close() { }
}
