package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.system.SystemFileParser;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.TestSystems;
import java.util.List;
import java.util.Map;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.ServiceSpec;
import org.junit.jupiter.api.Test;

class SystemWiringTest {

    /** Ports counted up from 10000 for instances, 20000 for links, 30000 for broker listeners. */
    private static final class CountingNetwork implements SystemWiring.Network {
        private final Launch.Host host;
        private int instancePort = 10_000;
        private int proxyPort = 20_000;
        private int brokerPort = 30_000;

        @Override public String bindHost() { return "0.0.0.0"; }
        @Override public int instancePort(String instance) { return instancePort++; }
        @Override public String instanceAddress(String instance, int port) { return instance + ":" + port; }
        @Override public SystemWiring.ProxyAddress nextProxy() {
            int port = proxyPort++;
            return new SystemWiring.ProxyAddress("0.0.0.0:" + port, "proxy:" + port);
        }
        @Override public SystemWiring.BrokerAddress nextBrokerListener() {
            int port = brokerPort++;
            return new SystemWiring.BrokerAddress(port, "kafka:" + port);
        }
        @Override public String runDir() { return "/run"; }
        @Override public String dataDir(String instance) { return "/run/data/" + instance; }
        @Override public Launch.Host host() { return host; }

        CountingNetwork(Launch.Host host) {
            this.host = host;
        }

        CountingNetwork() {
            this(Launch.Host.PROCESSES);
        }
    }

    private final SystemSpec system = TestSystems.orderPayment();
    private final SystemWiring.Plan plan = SystemWiring.plan(system, new CountingNetwork(), name -> null);

    @Test
    void everyKafkaClientInstanceHasALinkToAListenerOfItsOwnThatAdvertisesTheLink() {
        assertThat(plan.clientListeners()).extracting(SystemWiring.ClientListener::client)
                .containsExactly("order-1", "payment-1", "payment-2", "payment-3", "payment-4");
        SystemWiring.Link order = plan.links().get(0);
        assertThat(order).isEqualTo(new SystemWiring.Link("order-1->kafka", "0.0.0.0:20000", "kafka:30000", "proxy:20000", false));
        assertThat(plan.clientListeners().get(0)).isEqualTo(new SystemWiring.ClientListener("order-1", 30_000, "proxy:20000"));
    }

    @Test
    void aCallerReachesEachCalleeInstanceThroughALinkOfItsOwn() {
        assertThat(plan.links()).filteredOn(l -> l.name().startsWith("order->")).extracting(SystemWiring.Link::upstream)
                .containsExactly("payment-1:10001", "payment-2:10002", "payment-3:10003", "payment-4:10004");
    }

    @Test
    void placeholdersAreFilledPerInstanceAndSparesAreLeftOutOfTheCallersUrls() {
        SystemWiring.InstancePlan order = plan.instances().get(0);
        assertThat(order.command()).containsExactly("order-service", "--port=10000");
        assertThat(order.args()).containsExactly("--order.kafka-bootstrap=proxy:20000",
                "--order.payment-urls=http://proxy:20005,http://proxy:20006,http://proxy:20007");
        SystemWiring.InstancePlan payment2 = plan.instances().get(2);
        assertThat(payment2.name()).isEqualTo("payment-2");
        assertThat(payment2.command()).containsExactly("payment-service", "--port=10002");
        assertThat(payment2.args()).containsExactly("--payment.instance-id=payment-2",
                "--payment.kafka-bootstrap=proxy:20002");
        assertThat(plan.instances()).extracting(SystemWiring.InstancePlan::spare)
                .containsExactly(false, false, false, false, true);
    }

    @Test
    void anExperimentsOverridesReachTheWiring() {
        EnvironmentSpec spec = EnvironmentSpec.of(system).withInstances("payment", 1)
                .withProperties("payment", Map.of("payment.defect.naive-commit", "true"));

        SystemWiring.Plan changed = SystemWiring.plan(spec.system(), new CountingNetwork(), name -> null);

        assertThat(changed.instances()).extracting(SystemWiring.InstancePlan::name)
                .containsExactly("order-1", "payment-1", "payment-2");
        assertThat(changed.instances().get(1).args()).contains("--payment.defect.naive-commit=true");
        assertThat(changed.instances().get(0).args()).contains("--order.payment-urls=http://proxy:20003");
        assertThat(List.of(changed.instances().get(2).spare())).containsExactly(true);
    }

    @Test
    void aTcpDependencyIsReachedThroughItsLinksByAddressHostAndPortAndIsNotParsedAsHttp() {
        SystemSpec withDatabase = new SystemFileParser(name -> null, TestSystems.NO_MAVEN_REPOSITORY).parse(java.nio.file.Path.of("/sys/system.yaml"), """
                name: shop
                services:
                  api:
                    command: [api, "--db=jdbc:postgresql://${addr:db-1}/shop", "--db-host=${host:db-1}", "--db-port=${port:db-1}"]
                    env: {CACHE: "${addrs:cache}", OWN_PORT: "${port}"}
                    instances: 2
                  db:
                    command: [postgres, -p, "${port}"]
                    ready: {tcp: true}
                  cache:
                    command: [cache, "${port}"]
                    instances: 2
                """);

        SystemWiring.Plan planned = SystemWiring.plan(withDatabase, new CountingNetwork(), name -> null);

        assertThat(planned.links()).as("each caller instance has its own link to each instance of a TCP dependency")
                .extracting(SystemWiring.Link::name, SystemWiring.Link::upstream, SystemWiring.Link::http)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("api-1->db-1", "db-1:10002", false),
                        org.assertj.core.groups.Tuple.tuple("api-2->db-1", "db-1:10002", false),
                        org.assertj.core.groups.Tuple.tuple("api-1->cache-1", "cache-1:10003", false),
                        org.assertj.core.groups.Tuple.tuple("api-1->cache-2", "cache-2:10004", false),
                        org.assertj.core.groups.Tuple.tuple("api-2->cache-1", "cache-1:10003", false),
                        org.assertj.core.groups.Tuple.tuple("api-2->cache-2", "cache-2:10004", false));
        Map<String, String> reachedAt = new java.util.HashMap<>();
        planned.links().forEach(l -> reachedAt.put(l.name(), l.reachedAt()));
        for (int i = 0; i < 2; i++) {
            String instance = "api-" + (i + 1);
            String db = reachedAt.get(instance + "->db-1");
            SystemWiring.InstancePlan api = planned.instances().get(i);
            assertThat(api.name()).isEqualTo(instance);
            assertThat(api.command()).containsExactly("api", "--db=jdbc:postgresql://" + db + "/shop", "--db-host=proxy",
                    "--db-port=" + db.substring(db.indexOf(':') + 1));
            assertThat(api.env()).containsEntry("CACHE", reachedAt.get(instance + "->cache-1") + ","
                    + reachedAt.get(instance + "->cache-2")).containsEntry("OWN_PORT", Integer.toString(10_000 + i));
        }
        assertThat(reachedAt.get("api-1->db-1")).as("two links, two proxy ports").isNotEqualTo(reachedAt.get("api-2->db-1"));
    }

    @Test
    void aServiceWithACommandAndAnImageRunsItsCommandLocallyAndItsImageInContainers() {
        SystemSpec withDatabase = new SystemFileParser(name -> null, TestSystems.NO_MAVEN_REPOSITORY).parse(java.nio.file.Path.of("/sys/system.yaml"), """
                name: shop
                services:
                  api:
                    command: [api, "--db=${addr:db-1}"]
                  db:
                    command: [sh, run-db.sh, "${data.dir}", "${port}"]
                    image: postgres:16
                    image-port: 5432
                    env: {POSTGRES_PASSWORD: secret}
                    ready: {tcp: true}
                """);
        ServiceSpec db = withDatabase.service("db");
        assertThat(db.launch().on(Launch.Host.PROCESSES)).isInstanceOf(Launch.Command.class);
        assertThat(db.launch().on(Launch.Host.CONTAINERS)).isEqualTo(new Launch.Image("postgres:16", java.util.Optional.of(5432)));

        SystemWiring.InstancePlan local = SystemWiring.plan(withDatabase, new CountingNetwork(Launch.Host.PROCESSES), name -> null)
                .instances().get(1);
        SystemWiring.InstancePlan container = SystemWiring.plan(withDatabase, new CountingNetwork(Launch.Host.CONTAINERS), name -> null)
                .instances().get(1);

        assertThat(local.command()).containsExactly("sh", "run-db.sh", "/run/data/db-1", Integer.toString(local.port()));
        assertThat(container.command()).as("the image runs as it is; ${data.dir} is not asked for").isEmpty();
        assertThat(container.env()).containsEntry("POSTGRES_PASSWORD", "secret");
    }
}
