package dev.chaosharness.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chaosharness.faultproxy.FaultProxyServer;
import dev.chaosharness.harness.environment.ProxyOnlyEnvironment;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.TestSystems;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule against a real fault-proxy and instances that record the signals they get. */
class FaultScheduleTest {

    @TempDir
    Path dir;

    private FaultProxyServer proxyServer;
    private ToxiproxyClient client;
    private ProxyOnlyEnvironment environment;
    private RunHistory history;

    @BeforeEach
    void start() throws Exception {
        proxyServer = FaultProxyServer.start("127.0.0.1", 0, 1);
        client = new ToxiproxyClient("127.0.0.1", proxyServer.port());
        Topology topology = Topology.of(TestSystems.orderPayment());
        for (String link : topology.links()) {
            client.createProxy(link, "127.0.0.1:0", "127.0.0.1:1");
        }
        List<ServiceInstance> instances = new ArrayList<>();
        topology.instances().forEach(name -> instances.add(new FakeInstance(name)));
        environment = new ProxyOnlyEnvironment(proxyServer.port(), TestSystems.orderPayment(), instances);
        history = RunHistory.open(dir);
    }

    @AfterEach
    void stop() {
        history.close();
        proxyServer.close();
    }

    @Test
    void windowsApplyAtTheirTimeAndRollBackAtTheirEnd() throws Exception {
        ChaosProfile profile = profile("""
                name: t
                description: d
                timeline:
                  - {at: 100ms, duration: 300ms, action: latency, target: order->payment-1, params: {latency: 50}}
                  - {at: 100ms, duration: 300ms, action: pause, target: payment-2}
                """);
        try (FaultSchedule schedule = new FaultSchedule(profile, environment, history)) {
            schedule.startAt(System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(5)).until(() -> client.getProxy("order->payment-1").toxics().getAll().size() == 1);
            assertThat(environment.instance("payment-2").isPaused()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.getProxy("order->payment-1").toxics().getAll().isEmpty()
                    && !environment.instance("payment-2").isPaused());
        }

        List<HistoryEvent> events = HistoryReader.read(dir);
        assertThat(HistoryReader.ofType(events, HistoryEvent.FaultApplied.class)).hasSize(2);
        assertThat(HistoryReader.ofType(events, HistoryEvent.FaultRolledBack.class))
                .extracting(HistoryEvent.FaultRolledBack::how).containsOnly("window-end");
        assertThat(((FakeInstance) environment.instance("payment-2")).signals).containsExactly("STOP", "CONT");
    }

    @Test
    void closingEarlyRollsBackWhatIsActiveAndRestoresEveryLink() throws Exception {
        ChaosProfile profile = profile("""
                name: t
                description: d
                timeline:
                  - {at: 0s, duration: 60s, action: link-down, target: payment-1->kafka}
                  - {at: 0s, duration: 60s, action: kill, target: payment-3}
                  - {at: 50s, duration: 5s, action: pause, target: payment-1}
                """);
        FaultSchedule schedule = new FaultSchedule(profile, environment, history);
        schedule.startAt(System.currentTimeMillis());
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.getProxy("payment-1->kafka").isEnabled());
        client.getProxy("order-1->kafka").toxics().latency("stray", eu.rekawek.toxiproxy.model.ToxicDirection.UPSTREAM, 5);

        schedule.close("aborted");

        assertThat(client.getProxy("payment-1->kafka").isEnabled()).isTrue();
        assertThat(client.getProxy("order-1->kafka").toxics().getAll()).as("even toxics the schedule did not add").isEmpty();
        assertThat(environment.instance("payment-3").isRunning()).as("killed with restart: started again").isTrue();
        assertThat(((FakeInstance) environment.instance("payment-1")).signals).as("a window that never began").isEmpty();
        assertThat(HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.FaultRolledBack.class))
                .hasSize(2).extracting(HistoryEvent.FaultRolledBack::how).containsOnly("aborted");
    }

    @Test
    void aFaultThatCannotBeAppliedIsRecordedAndTheRestGoesOn() throws Exception {
        ChaosProfile profile = profile("""
                name: t
                description: d
                timeline:
                  - {at: 0s, duration: 1s, action: add-consumer, target: payment-1}
                  - {at: 0s, duration: 1s, action: pause, target: payment-2}
                """);
        try (FaultSchedule schedule = new FaultSchedule(profile, environment, history)) {
            schedule.startAt(System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.FaultApplied.class).size() == 1);
        }
        assertThat(HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.FaultFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.error()).contains("already running"));
    }

    @Test
    void windowsCountFromTheAnchorAndAKillWindowEndsBeforeTheRestartBegins() throws Exception {
        ChaosProfile profile = profile("""
                name: t
                description: d
                timeline:
                  - {at: 1200ms, duration: 200ms, action: kill, target: payment-3}
                """);
        long anchorMs = System.currentTimeMillis() - 1000; // the first request went out a second ago
        try (FaultSchedule schedule = new FaultSchedule(profile, environment, history)) {
            schedule.startAt(anchorMs);
            await().atMost(Duration.ofSeconds(5)).until(() -> environment.instance("payment-3").isRunning()
                    && ((FakeInstance) environment.instance("payment-3")).signals.contains("START"));
        }

        List<HistoryEvent> events = HistoryReader.read(dir);
        HistoryEvent.FaultApplied applied = HistoryReader.ofType(events, HistoryEvent.FaultApplied.class).get(0);
        assertThat(applied.atMs()).as("never before first request + at").isGreaterThanOrEqualTo(anchorMs + 1200);
        HistoryEvent.FaultRolledBack ended = HistoryReader.ofType(events, HistoryEvent.FaultRolledBack.class).get(0);
        assertThat(ended.how()).isEqualTo("window-end");
        assertThat(ended.atMs()).as("the window ends, then the restart begins")
                .isLessThanOrEqualTo(((FakeInstance) environment.instance("payment-3")).startedAtMs);
        assertThat(((FakeInstance) environment.instance("payment-3")).signals).containsExactly("KILL", "START");
    }

    @Test
    void aFailedRecoveryIsRecordedAsSuch() throws Exception {
        ChaosProfile profile = profile("""
                name: t
                description: d
                timeline:
                  - {at: 0s, duration: 100ms, action: kill, target: payment-3}
                """);
        FakeInstance payment3 = (FakeInstance) environment.instance("payment-3");
        payment3.failStart = true;
        try (FaultSchedule schedule = new FaultSchedule(profile, environment, history)) {
            schedule.startAt(System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    !HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.FaultFailed.class).isEmpty());
        }
        assertThat(HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.FaultFailed.class)).singleElement()
                .satisfies(f -> {
                    assertThat(f.phase()).isEqualTo("recover");
                    assertThat(f.error()).contains("was not ready within");
                });
    }

    private static ChaosProfile profile(String yaml) {
        return new ChaosProfileParser(Topology.of(TestSystems.orderPayment())).parse("test.yaml", yaml);
    }

    /** An instance that only records what was done to it. */
    private static final class FakeInstance implements ServiceInstance {
        private final String name;
        private final List<String> signals = new ArrayList<>();
        private boolean running = true;
        private boolean paused;
        private long startedAtMs;
        private boolean failStart;

        FakeInstance(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }
        @Override public String role() { return name.startsWith("payment") ? "payment-service" : name; }
        @Override public Optional<URI> httpUri() { return Optional.empty(); }
        @Override public synchronized void kill() { signals.add("KILL"); running = false; }
        @Override public synchronized void pause() { signals.add("STOP"); paused = true; }
        @Override public synchronized void resume() { signals.add("CONT"); paused = false; }
        @Override public synchronized void stop() { signals.add("TERM"); running = false; }
        @Override public synchronized void start() {
            if (failStart) {
                throw new IllegalStateException(name + " was not ready within 60 s");
            }
            signals.add("START");
            startedAtMs = System.currentTimeMillis();
            running = true;
        }
        @Override public synchronized boolean isRunning() { return running; }
        @Override public synchronized boolean isPaused() { return paused; }
    }
}
