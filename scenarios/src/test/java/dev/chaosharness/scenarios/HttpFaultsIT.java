package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RetryCheck;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import dev.chaosharness.harness.suite.Suite;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fault-proxy's HTTP toxics on the ledger's gateway->risk link, and the retry pair RetryCheck
 * judges from the wire. Local runtime only: risk is a Python command, and the docker runtime's
 * ledger (system-jvm.yaml) has no risk to call.
 */
class HttpFaultsIT {

    private static Suite.Outcome suite;

    /** The three as one suite: the correct gateway's two share an environment, the retry storm's defect gets its own. */
    @BeforeAll
    static void runTheSuite() {
        Assumptions.assumeTrue(Settings.onProcesses(),
                "risk is a command: the local runtime only");
        suite = Suite.run(Stream.of("ledger-http-faults", "ledger-retry", "ledger-retry-storm")
                .map(name -> ExperimentFiles.load(Settings.SETTINGS, name)).toList(), Settings.SETTINGS);
        assertThat(suite.environmentsStarted()).as("the correct gateway's experiments share one").isEqualTo(2);
    }

    @Test
    void eachHttpToxicLeavesItsEffectOnTheWireAndTheCorrectGatewayPasses() {
        ExperimentResult result = run("ledger-http-faults");

        assertThat(result.runVerdict()).as("the correct gateway PASSes: %s", result.verdicts()).isEqualTo(RunVerdict.PASS);
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());
        List<HistoryEvent.FaultApplied> windows = HistoryReader.ofType(history, HistoryEvent.FaultApplied.class);
        assertThat(windows).extracting(HistoryEvent.FaultApplied::action)
                .containsExactly("http_status", "http_delay", "http_reset_after_request");
        List<HistoryEvent.HttpExchangeObserved> calls = HistoryReader.ofType(history, HistoryEvent.HttpExchangeObserved.class)
                .stream().filter(c -> c.link().equals("gateway->risk-1")).toList();

        assertThat(during(calls, history, 1)).as("window 1: 503s answered by the proxy, each first attempt")
                .anySatisfy(c -> assertThat(c.status()).isEqualTo(503));
        assertThat(during(calls, history, 1)).as("and every transfer got through on its second attempt")
                .anySatisfy(c -> assertThat(c.status()).isEqualTo(200));
        // a call whose answer came after the window ended was released undelayed: only those begun 400 ms before it count
        long window2End = HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class).stream()
                .filter(r -> r.window() == 2).mapToLong(HistoryEvent::atMs).findFirst().orElseThrow();
        assertThat(during(calls, history, 2).stream().filter(c -> c.requestAtMs() < window2End - 400))
                .as("window 2: risk's answers held 300 ms (no upper bound: two cores stall)")
                .isNotEmpty().allSatisfy(c -> assertThat(c.responseAtMs() - c.requestAtMs()).isGreaterThanOrEqualTo(290));
        assertThat(during(calls, history, 3)).as("window 3: answers lost to a reset after risk did the work")
                .anySatisfy(c -> assertThat(c.status()).isZero());
        assertThat(calls.stream().filter(c -> c.status() == 503 || c.status() == 0)
                .filter(c -> windowOf(history, c.requestAtMs()) == 0))
                .as("outside the windows, no injected status and no lost answer").isEmpty();
    }

    @Test
    void boundedRetriesWithBackoffPassRetryCheck() {
        ExperimentResult result = run("ledger-retry");

        assertThat(result.verdictsOf(RetryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("gateway->risk");
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
            assertThat(v.measured()).as("the window made the gateway retry").doesNotContain("(0 of ");
        });
        assertThat(result.runVerdict()).as("the correct gateway PASSes: %s", result.verdicts()).isEqualTo(RunVerdict.PASS);
    }

    @Test
    void aRetryStormFailsExactlyOnRetryCheck() {
        ExperimentResult result = run("ledger-retry-storm");

        assertThat(result.verdictsOf(RetryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.summary()).contains("(min-backoff-ms)");
            assertThat(v.evidence()).as("the worst requests, attempt by attempt").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.get("each attempt").toString()).contains("503"));
        });
        RunAssertions.failsExactlyOn(result, Set.of(RetryCheck.NAME), RunAssertions.TIMING_CHECKS);
    }

    private static ExperimentResult run(String experiment) {
        Suite.Run run = suite.runs().stream().filter(r -> r.spec().name().equals(experiment)).findFirst().orElseThrow();
        assertThat(run.aborted()).as("%s aborted", experiment).isEmpty();
        ExperimentResult result = run.result().orElseThrow();
        result.verdicts().stream().map(CheckResult::toString).forEach(v -> System.out.println(result.runDir().runId() + ": " + v));
        return result;
    }

    private static List<HistoryEvent.HttpExchangeObserved> during(List<HistoryEvent.HttpExchangeObserved> calls,
                                                                  List<HistoryEvent> history, int window) {
        return calls.stream().filter(c -> windowOf(history, c.requestAtMs()) == window).toList();
    }

    /** The window in force at {@code atMs}, 0 for none. */
    private static int windowOf(List<HistoryEvent> history, long atMs) {
        for (HistoryEvent.FaultApplied applied : HistoryReader.ofType(history, HistoryEvent.FaultApplied.class)) {
            long end = HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class).stream()
                    .filter(r -> r.window() == applied.window()).mapToLong(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
            if (atMs >= applied.atMs() && atMs < end) {
                return applied.window();
            }
        }
        return 0;
    }
}
