package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentRuntimes;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentListener;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.suite.SharedEnvironment;
import dev.chaosharness.harness.suite.Suite;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A shared environment is brought back to its declared state between two runs, whatever the run
 * before left (a toxic, a frozen process, a dead instance), and a run that was aborted leaves the
 * next one a fresh environment: nothing is judged on a broken one, and nothing outlives the suite.
 * Local runtime only: sharing is built for it (on docker each experiment has its own environment).
 */
class SharedEnvironmentIT {

    @BeforeAll
    static void localOnly() {
        Assumptions.assumeTrue(EnvironmentRuntimes.selected(Settings.SETTINGS).sharesEnvironments(),
                "suites share environments only on a runtime that shares them");
    }

    @Test
    void whatARunLeftIsUndoneBeforeTheNextAndTheNextStillPasses() throws Exception {
        ExperimentSpec spec = ExperimentFiles.load(Settings.SETTINGS, "payment-latency");
        EnvironmentRuntime runtime = EnvironmentRuntimes.selected(Settings.SETTINGS);
        AtomicReference<Environment> environment = new AtomicReference<>();
        ExperimentListener keep = new ExperimentListener() {
            @Override
            public void environmentReady(Environment ready) {
                environment.set(ready);
            }
        };
        ExperimentResult second;
        ExperimentResult first;
        try (SharedEnvironment shared = new SharedEnvironment(runtime, spec.environment(), Settings.SETTINGS.reportsDir())) {
            first = new Experiment(spec, Settings.SETTINGS, keep, shared).run();
            // what a broken rollback or a team's hand could leave behind
            Environment left = environment.get();
            new ToxiproxyClient(left.faultProxy().host(), left.faultProxy().port()).getProxy(left.proxyName("order->payment-1"))
                    .toxics().latency("left-behind", ToxicDirection.DOWNSTREAM, 3000);
            left.instance("payment-2").pause();
            left.instance("payment-3").kill();

            ExperimentSpec reseeded = spec.withEnvironment(spec.environment().withSeed(spec.seed() + 1));
            second = new Experiment(reseeded, Settings.SETTINGS, ExperimentListener.NONE, shared).run();
            assertThat(shared.environmentsStarted()).isEqualTo(1);
        }

        List<HistoryEvent> history = HistoryReader.read(second.runDir().path());
        HistoryEvent.EnvironmentShared restored = HistoryReader.ofType(history, HistoryEvent.EnvironmentShared.class).get(0);
        assertThat(restored.fresh()).isFalse();
        assertThat(restored.earlierRuns()).containsExactly(first.runDir().runId());
        assertThat(restored.restoreSteps()).contains("frozen processes: resumed [payment-2]")
                .anySatisfy(step -> assertThat(step).contains("1 toxics removed"))
                .anySatisfy(step -> assertThat(step).startsWith("instances: started and ready again [payment-3]"))
                .contains("fault proxy reseeded with this run's seed " + (spec.seed() + 1));
        assertThat(first.runVerdict()).as("%s", first.verdicts()).isEqualTo(RunVerdict.PASS);
        assertThat(second.runVerdict()).as("the run after the restore: %s", second.verdicts()).isEqualTo(RunVerdict.PASS);
        RunAssertions.noProcessOutlivedTheSuite(List.of(HistoryReader.read(first.runDir().path()), history));
    }

    @Test
    void aRunAbortedInASharedEnvironmentLeavesTheNextAFreshOne() {
        ExperimentSpec broken = ExperimentFiles.load(Settings.SETTINGS, "payment-latency");
        ExperimentSpec next = ExperimentFiles.load(Settings.SETTINGS, "payment-link-down");
        ExperimentListener failAfterStart = new ExperimentListener() {
            @Override
            public void environmentReady(Environment environment) {
                environment.instance("payment-2").pause();
                throw new IllegalStateException("failing on purpose after the environment came up");
            }
        };

        Suite.Outcome outcome = Suite.run(List.of(broken, next), Settings.SETTINGS,
                spec -> spec == broken ? failAfterStart : ExperimentListener.NONE);

        assertThat(outcome.runs()).extracting(Suite.Run::verdict).containsExactly(RunVerdict.ABORTED, RunVerdict.PASS);
        assertThat(outcome.environmentsStarted()).as("a fresh environment after the aborted run").isEqualTo(2);
        List<HistoryEvent> after = HistoryReader.read(outcome.runs().get(1).runDir());
        assertThat(HistoryReader.ofType(after, HistoryEvent.EnvironmentShared.class)).singleElement()
                .satisfies(shared -> assertThat(shared.fresh()).isTrue());
        RunAssertions.noProcessOutlivedTheSuite(outcome.runs().stream().map(run -> HistoryReader.read(run.runDir())).toList());
    }
}
