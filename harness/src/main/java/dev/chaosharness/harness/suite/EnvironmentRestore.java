package dev.chaosharness.harness.suite;

import dev.chaosharness.faultproxy.api.ProxyState;
import dev.chaosharness.faultproxy.api.ToxicState;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.common.ConsumerGroupState;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Brings a shared environment back to its declared state between two runs, one recorded step at a
 * time: every link up with no toxic, nothing frozen, every declared instance running (a start waits
 * for its readiness), every spare stopped, every consumer group stable or empty. A step that
 * cannot be done throws {@link NotRestored}; the suite then starts a fresh environment.
 */
final class EnvironmentRestore {

    static final Duration GROUPS_STABLE_BOUND = Duration.ofSeconds(60);

    private final Environment environment;
    private final List<String> steps = new ArrayList<>();

    private EnvironmentRestore(Environment environment) {
        this.environment = environment;
    }

    /** Restores {@code environment}; returns the steps taken, each as a line. */
    static List<String> restore(Environment environment) {
        EnvironmentRestore restore = new EnvironmentRestore(environment);
        restore.links();
        restore.frozen();
        restore.instances();
        restore.groups();
        return List.copyOf(restore.steps);
    }

    private void links() {
        FaultProxyClient client = environment.faultProxy().client();
        int toxics = 0;
        int enabled = 0;
        for (String link : environment.links()) {
            try {
                String name = environment.proxyName(link);
                ProxyState proxy = client.proxy(name).orElseThrow(() -> new IOException("no proxy " + name));
                for (ToxicState toxic : proxy.toxics()) {
                    client.removeToxic(name, toxic.name());
                    toxics++;
                }
                if (!proxy.enabled()) {
                    client.setEnabled(name, true);
                    enabled++;
                }
            } catch (IOException e) {
                throw new NotRestored("link " + link + " could not be restored on the fault proxy: " + e.getMessage(), e);
            }
        }
        steps.add("links: " + environment.links().size() + " checked, " + toxics + " toxics removed, " + enabled
                + " re-enabled");
    }

    private void frozen() {
        List<String> resumed = new ArrayList<>();
        for (ServiceInstance instance : environment.instances()) {
            if (instance.isPaused()) {
                instance.resume();
                resumed.add(instance.name());
            }
        }
        steps.add("frozen processes: " + (resumed.isEmpty() ? "none" : "resumed " + resumed));
    }

    private void instances() {
        SystemSpec system = environment.system();
        List<String> started = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (ServiceInstance instance : environment.instances()) {
            boolean spare = system.services().containsKey(instance.role())
                    && system.service(instance.role()).isSpare(instance.name());
            try {
                if (spare && instance.isRunning()) {
                    instance.stop();
                    stopped.add(instance.name());
                } else if (!spare && !instance.isRunning()) {
                    instance.start();
                    started.add(instance.name());
                }
            } catch (RuntimeException e) {
                throw new NotRestored(instance.name() + " could not be brought back: " + e.getMessage(), e);
            }
        }
        steps.add("instances: " + (started.isEmpty() ? "all declared running" : "started and ready again " + started)
                + (stopped.isEmpty() ? ", no spare running" : ", spares stopped " + stopped));
    }

    private void groups() {
        long startedNanos = System.nanoTime();
        try (Admin admin = Admin.create(KafkaAdmin.config(environment.kafkaBootstrap()))) {
            List<String> unsettled = new ArrayList<>();
            try {
                Awaitility.await().atMost(GROUPS_STABLE_BOUND).pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            unsettled.clear();
                            unsettled.addAll(unsettledGroups(admin));
                            return unsettled.isEmpty();
                        });
            } catch (ConditionTimeoutException e) {
                throw new NotRestored("consumer groups still rebalancing after " + GROUPS_STABLE_BOUND.toSeconds() + " s: "
                        + unsettled, e);
            }
            steps.add("consumer groups: " + admin.listConsumerGroups().all().get(5, TimeUnit.SECONDS).size()
                    + " stable or empty after " + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRestored("interrupted while waiting for the consumer groups", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotRestored("cannot list the consumer groups: " + e.getMessage(), e);
        }
    }

    /** Groups in a rebalance (or unknown state), each as {@code name (state)}. */
    private static List<String> unsettledGroups(Admin admin) throws Exception {
        List<String> names = admin.listConsumerGroups().all().get(5, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).toList();
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(names).all().get(5, TimeUnit.SECONDS);
        return described.values().stream()
                .filter(g -> g.state() != ConsumerGroupState.STABLE && g.state() != ConsumerGroupState.EMPTY)
                .map(g -> g.groupId() + " (" + g.state() + ")").toList();
    }

    /** The environment could not be brought back to its declared state. */
    static final class NotRestored extends RuntimeException {
        NotRestored(String message, Throwable cause) {
            super(message, cause);
        }

        NotRestored(String message) {
            super(message);
        }
    }

}
