package dev.chaosharness.scenarios;

import dev.chaosharness.harness.experiment.ExperimentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.DeadlinePropagationCheck;
import dev.chaosharness.harness.check.DuplicateDeliveryCheck;
import dev.chaosharness.harness.check.ErrorBudgetCheck;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.check.LatencySloCheck;
import dev.chaosharness.harness.check.RecoveryTimeCheck;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.ThreadLeakCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import dev.chaosharness.harness.suite.Suite;
import dev.chaosharness.harness.suite.SuiteTimes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shipped chaos profile, run at short length as one suite: the five experiments declare the
 * same system, so they share one environment, restored between them; each still has its faults
 * applied and rolled back, every probe heard from, and the verdicts a run alone gives (PASS).
 */
class ChaosProfilesIT {

    private static Suite.Outcome suite;

    static List<String> profiles() {
        return List.of("payment-latency", "payment-link-down", "consumer-churn", "payment-cut-from-broker", "broker-pause");
    }

    @BeforeAll
    static void runTheSuite() {
        suite = Suite.run(profiles().stream().map(name -> ExperimentFiles.load(Settings.SETTINGS, name)).toList(),
                Settings.SETTINGS);
        suite.runs().forEach(run -> System.out.println("suite: " + run.spec().name() + " " + run.verdict() + ", "
                + SuiteTimes.of(run.runDir()).map(Object::toString).orElse("no times")));
    }

    @Test
    void theFiveExperimentsShareOneEnvironmentAndNothingOutlivesIt() {
        assertThat(suite.runs()).extracting(run -> run.spec().name()).containsExactlyElementsOf(profiles());
        assertThat(suite.environmentsStarted()).as("environments started for %d experiments of one system", profiles().size())
                .isEqualTo(1);
        List<List<HistoryEvent>> histories = suite.runs().stream().map(run -> HistoryReader.read(run.runDir())).toList();
        assertThat(histories.get(0)).as("the first run started the environment")
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(HistoryEvent.EnvironmentShared.class,
                        shared -> assertThat(shared.fresh()).isTrue()));
        for (List<HistoryEvent> later : histories.subList(1, histories.size())) {
            HistoryEvent.EnvironmentShared shared = HistoryReader.ofType(later, HistoryEvent.EnvironmentShared.class).get(0);
            assertThat(shared.fresh()).isFalse();
            assertThat(shared.earlierRuns()).isNotEmpty();
            assertThat(shared.restoreSteps()).anySatisfy(step -> assertThat(step).startsWith("links: "))
                    .anySatisfy(step -> assertThat(step).startsWith("consumer groups: "));
        }
        RunAssertions.noProcessOutlivedTheSuite(histories);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void profileRunsAndItsHistoryShowsFaultsProbesAndRequests(String profile) {
        Suite.Run run = suite.runs().stream().filter(r -> r.spec().name().equals(profile)).findFirst().orElseThrow();
        assertThat(run.aborted()).as("%s aborted", profile).isEmpty();
        ExperimentResult result = run.result().orElseThrow();
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());

        assertThat(result.gatlingExitCode()).as("Gatling's sanity bounds (p99 < 5 s, <= 50% failed)").isZero();
        assertThat(result.drained()).as("capture group drained after the faults").isTrue();

        List<HistoryEvent.FaultApplied> applied = HistoryReader.ofType(history, HistoryEvent.FaultApplied.class);
        List<HistoryEvent.FaultRolledBack> rolledBack = HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class);
        assertThat(HistoryReader.ofType(history, HistoryEvent.FaultFailed.class)).isEmpty();
        assertThat(applied).as("windows applied").isNotEmpty();
        assertThat(rolledBack).extracting(HistoryEvent.FaultRolledBack::window)
                .containsExactlyInAnyOrderElementsOf(applied.stream().map(HistoryEvent.FaultApplied::window).toList());
        assertThat(rolledBack).extracting(HistoryEvent.FaultRolledBack::how).containsOnly("window-end");
        RunAssertions.faultWindowsKeptTheirTime(history);

        assertThat(HistoryReader.ofType(history, HistoryEvent.RequestCompleted.class)).hasSizeGreaterThan(200);
        assertThat(HistoryReader.ofType(history, HistoryEvent.ConsumerGroupObserved.class)).isNotEmpty();
        assertThat(HistoryReader.ofType(history, HistoryEvent.DeadlineObserved.class)).isNotEmpty();
        Set<String> gcInstances = HistoryReader.ofType(history, HistoryEvent.GcPause.class).stream()
                .map(HistoryEvent.GcPause::instance).collect(Collectors.toSet());
        // which payment instance collects within a short run depends on where the partitions went
        assertThat(gcInstances).as("services with GC pauses from JFR").contains("order-1")
                .anyMatch(instance -> instance.startsWith("payment-"));
        assertThat(HistoryReader.ofType(history, HistoryEvent.ThreadCount.class)).isNotEmpty();

        assertThat(result.verdicts()).extracting(CheckResult::check).contains(DuplicateDeliveryCheck.NAME,
                GcPauseCheck.NAME, DeadlinePropagationCheck.NAME, ThreadLeakCheck.NAME, LatencySloCheck.NAME,
                ErrorBudgetCheck.NAME, RecoveryTimeCheck.NAME);
        assertThat(result.verdictsOf(DuplicateDeliveryCheck.NAME)).as("transactional capture: no duplicate, nothing lost")
                .extracting(CheckResult::verdict).containsOnly(Verdict.PASS);
        assertThat(result.verdicts()).filteredOn(v -> v.verdict() == Verdict.FAIL)
                .as("the correct sample passes its shipped profile: no FAIL").isEmpty();
        assertThat(result.runVerdict()).as("the correct sample PASSes overall, on evidence (no UNKNOWN): %s",
                result.verdicts()).isEqualTo(RunVerdict.PASS);
        if (profile.equals("consumer-churn")) {
            assertThat(Rebalances.of(history)).as("rebalances seen during consumer churn").hasSizeGreaterThanOrEqualTo(2);
            assertThat(HistoryReader.ofType(history, HistoryEvent.ProbeGap.class))
                    .as("the SIGKILLed JVM left no JFR, and the history says so")
                    .anySatisfy(gap -> assertThat(gap.instance()).isEqualTo("payment-2"));
            Rebalances.of(history).forEach(r -> System.out.println("consumer-churn rebalance: " + r));
        }
    }

    /** The articles' question, "where did the time go during the fault?", answered from the run page. */
    @Test
    void aFaultWindowsFlameGraphOpensFromThePageInHeadlessChromium() throws Exception {
        Suite.Run run = suite.runs().stream().filter(r -> r.spec().name().equals("payment-latency")).findFirst().orElseThrow();
        java.nio.file.Path runDir = run.result().orElseThrow().runDir().path();
        String page = java.nio.file.Files.readString(runDir.resolve("index.html"));
        java.util.regex.Matcher link = java.util.regex.Pattern
                .compile("href=\"(profiles/order-1-[0-9]+/[0-9]+-during-window-1[^\"]*\\.html)\"").matcher(page);
        assertThat(link.find()).as("the page links order-1's flame graph of the latency window").isTrue();

        HeadlessChromium.Page flameGraph = HeadlessChromium.open(runDir.resolve(link.group(1)), runDir.resolve("window-1.png"));

        assertThat(flameGraph.dom()).as("its frames include the service's own code").contains("chaosharness");
        assertThat(flameGraph.consoleLines()).as("console messages").isEmpty();
    }
}
