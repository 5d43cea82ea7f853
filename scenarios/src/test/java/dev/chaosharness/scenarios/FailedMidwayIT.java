package dev.chaosharness.scenarios;

import dev.chaosharness.harness.experiment.ExperimentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chaosharness.harness.chaos.ChaosProfile;
import dev.chaosharness.harness.chaos.ChaosProfileParser;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentAbortedException;
import dev.chaosharness.harness.experiment.ExperimentListener;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunDirectory;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An experiment that fails while four faults are active: every fault is rolled back before the
 * environment stops (no toxic on any link, every link up, nothing frozen, the killed instance
 * back), and no process started by the run outlives it.
 */
class FailedMidwayIT {

    private static final String PROFILE = """
            name: everything-at-once
            description: Four faults at once, for a run that fails while they are active.
            seed: 3
            timeline:
              - {at: 1s, duration: 20s, action: latency, target: order->payment, params: {latency: 500}}
              - {at: 1s, duration: 20s, action: pause, target: payment-2}
              - {at: 1s, duration: 20s, action: kill, target: payment-3, params: {restart: true}}
              - {at: 1s, duration: 20s, action: link-down, target: payment-1->kafka}
            """;

    @Test
    void everyFaultIsUndoneAndNothingOutlivesTheRun() throws Exception {
        ExperimentSpec base = ExperimentFiles.load(Settings.SETTINGS, "payment-latency");
        ChaosProfile profile = new ChaosProfileParser(Topology.of(base.environment().system())).parse("everything-at-once.yaml", PROFILE);
        ExperimentSpec spec = base.withName("failed-midway").withProfile(profile);
        AtomicReference<Path> runDir = new AtomicReference<>();
        List<String> leftovers = new ArrayList<>();
        ExperimentListener failWhileFaultsAreActive = new ExperimentListener() {
            @Override
            public void runStarted(RunDirectory dir) {
                runDir.set(dir.path());
            }

            @Override
            public void loadStarting(Environment environment) {
                // the faults start with the load's first request: break the run from beside it once all four are on
                Thread experiment = Thread.currentThread();
                Thread breaker = new Thread(() -> {
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            HistoryReader.ofType(HistoryReader.read(runDir.get()), HistoryEvent.FaultApplied.class).size() == 4);
                    experiment.interrupt();
                }, "failing-on-purpose");
                breaker.setDaemon(true);
                breaker.start();
            }

            @Override
            public void faultsEnded(Environment environment) {
                leftovers.addAll(leftovers(environment));
            }
        };

        assertThatThrownBy(() -> new Experiment(spec, Settings.SETTINGS, failWhileFaultsAreActive).run())
                .isInstanceOf(ExperimentAbortedException.class).hasMessageContaining("the load was interrupted");

        assertThat(leftovers).as("faults left after the schedule closed").isEmpty();
        List<HistoryEvent> history = HistoryReader.read(runDir.get());
        assertThat(HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class))
                .hasSize(4).extracting(HistoryEvent.FaultRolledBack::how).containsOnly("aborted");
        assertThat(HistoryReader.ofType(history, HistoryEvent.RunFinished.class)).singleElement()
                .extracting(HistoryEvent.RunFinished::outcome).isEqualTo("aborted");
        RunAssertions.noProcessOutlivedTheRun(history);
    }

    private static List<String> leftovers(Environment environment) {
        List<String> found = new ArrayList<>();
        try {
            ToxiproxyClient client = new ToxiproxyClient(environment.faultProxy().host(), environment.faultProxy().port());
            for (Proxy proxy : client.getProxies()) {
                if (!proxy.toxics().getAll().isEmpty()) {
                    found.add("toxics left on " + proxy.getName());
                }
                if (!proxy.isEnabled()) {
                    found.add(proxy.getName() + " still down");
                }
            }
        } catch (Exception e) {
            found.add("cannot read the fault proxy: " + e);
        }
        for (ServiceInstance instance : environment.instances()) {
            if (instance.isPaused()) {
                found.add(instance.name() + " still paused");
            }
        }
        if (!environment.instance("payment-3").isRunning()) {
            found.add("payment-3 was killed and not restarted");
        }
        return found;
    }
}
