package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.CompletionCheck;
import dev.chaosharness.harness.check.ConnectionLeakCheck;
import dev.chaosharness.harness.check.DuplicateDeliveryCheck;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import dev.chaosharness.harness.suite.Suite;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger with its postings in a real PostgreSQL (scenarios/ledger/system-postgres.yaml, one file
 * for both runtimes, the postgres service kind: Debian's package started by the harness locally, the postgres image in
 * containers). DuplicateDeliveryCheck judges the rows of the postings table, read after the drain:
 * the correct writer (unique key, insert on conflict do nothing) PASSes under churn and with a slow,
 * cut or reset database link; its auto-commit profile (plain insert, no key) FAILs on duplicate rows.
 * The correct writer's experiments run as one suite (on the local runtime in one environment, its
 * database included, restored between them); the auto-commit one changes the system and runs alone.
 */
class LedgerDatabaseIT {

    private static Suite.Outcome correct;

    private static boolean local() {
        return Settings.onProcesses();
    }

    /** On the container runtime the cut and reset runs are left out: the same links, and CI time is spent on the others there. */
    @BeforeAll
    static void runTheCorrectWritersSuite() {
        List<String> names = local() ? List.of("ledger-db-churn", "ledger-db-latency", "ledger-db-cut", "ledger-db-reset")
                : List.of("ledger-db-churn", "ledger-db-latency");
        correct = Suite.run(names.stream().map(name -> ExperimentFiles.load(Settings.SETTINGS, name)).toList(), Settings.SETTINGS);
        if (local()) {
            assertThat(correct.environmentsStarted()).as("one environment, database included, for the correct writer's runs")
                    .isEqualTo(1);
        }
    }

    private static ExperimentResult result(String experiment) {
        Suite.Run run = correct.runs().stream().filter(r -> r.spec().name().equals(experiment)).findFirst().orElseThrow();
        assertThat(run.aborted()).as("%s aborted", experiment).isEmpty();
        return run.result().orElseThrow();
    }

    @Test
    void theCorrectWriterKeepsOneRowPerTransferUnderChurn() {
        ExperimentResult result = result("ledger-db-churn");
        print(result);

        assertThat(result.verdictsOf(DuplicateDeliveryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
            assertThat(v.measured()).startsWith("0 effect duplicates (0 unexplained), 0 lost");
        });
        assertThat(result.verdictsOf(CompletionCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.subject()).isEqualTo("jdbc:postgres/ledger");
            assertThat(v.verdict()).as("every accepted transfer has its row, POSTED or REJECTED: %s", v).isEqualTo(Verdict.PASS);
        });
        assertThat(result.runVerdict()).as("the correct system PASSes overall: %s", result.verdicts())
                .isEqualTo(RunVerdict.PASS);
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());
        assertThat(HistoryReader.ofType(history, HistoryEvent.RowRead.class)).as("the effects are the table's rows")
                .isNotEmpty().allSatisfy(row -> {
                    assertThat(row.source()).isEqualTo("jdbc:postgres/ledger");
                    assertThat(row.value().has("transfer_id")).isTrue();
                    assertThat(row.timestampMs()).isPositive();
                });
        leftNothingBehind(result, history);
    }

    @Test
    void theAutoCommitWriterInsertsSomeTransfersTwice() {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-db-churn-auto-commit"), Settings.SETTINGS);
        print(result);

        assertThat(result.verdictsOf(DuplicateDeliveryCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.evidence()).as("each duplicate names its rows (writer, generation) and the rebalance before the second")
                    .anySatisfy(e -> assertThat(e).containsEntry("kind", "duplicate")
                            .hasEntrySatisfying("effects", rows -> assertThat(rows.toString()).contains("row ", " gen "))
                            .hasEntrySatisfying("attributedTo", cause -> assertThat(cause.toString()).startsWith("rebalance seen at")));
        });
        RunAssertions.failsExactlyOn(result, Set.of(DuplicateDeliveryCheck.NAME), RunAssertions.TIMING_CHECKS);
        leftNothingBehind(result, HistoryReader.read(result.runDir().path()));
    }

    /** 200 ms on every answer of the database for 10 s: the group falls behind and catches up; nothing lost or doubled. */
    @Test
    void aSlowDatabaseLetsLagGrowAndRecoverWithNothingLostOrDoubled() {
        ExperimentResult result = result("ledger-db-latency");
        print(result);

        assertThat(result.runVerdict()).as("the correct system PASSes: %s", result.verdicts()).isEqualTo(RunVerdict.PASS);
        List<HistoryEvent> history = HistoryReader.read(result.runDir().path());
        List<HistoryEvent.ConsumerLagObserved> lag = HistoryReader.ofType(history, HistoryEvent.ConsumerLagObserved.class);
        assertThat(lag).as("the group's lag grew while the database was slow").anySatisfy(l -> assertThat(l.lag()).isPositive());
        assertThat(lag.get(lag.size() - 1).lag()).as("and was caught up").isZero();
        assertThat(HistoryReader.ofType(history, HistoryEvent.LinkTrafficObserved.class))
                .as("the database link's traffic is counted, though it is not HTTP")
                .anySatisfy(t -> assertThat(t).satisfies(l -> {
                    assertThat(l.link()).as("each writer instance's own link").matches("writer-[123]->postgres-1");
                    assertThat(l.bytesUpstream()).isPositive();
                }));
        leftNothingBehind(result, history);
    }

    /** The database link cut for 6 s, then its connections reset for 6 s: retried, nothing lost or doubled. Local runtime. */
    @Test
    void aCutOrResetDatabaseLinkLosesAndDoublesNothing() {
        Assumptions.assumeTrue(local(), "the container runtime runs the same links; CI time is spent on the other ledger runs there");
        ExperimentResult cut = result("ledger-db-cut");
        ExperimentResult reset = result("ledger-db-reset");
        print(cut);
        print(reset);

        assertThat(cut.runVerdict()).as("cut: %s", cut.verdicts()).isEqualTo(RunVerdict.PASS);
        assertThat(reset.runVerdict()).as("reset: %s", reset.verdicts()).isEqualTo(RunVerdict.PASS);
        assertThat(reset.verdictsOf(ConnectionLeakCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS);
            assertThat(v.measured()).as("counted through the proxy and by the database").contains("open through the proxy: ")
                    .contains("database ledger: ");
        });
        List<HistoryEvent> resetHistory = HistoryReader.read(reset.runDir().path());
        assertThat(HistoryReader.ofType(resetHistory, HistoryEvent.LinkTrafficObserved.class))
                .as("the resets are counted on the link").anySatisfy(t -> {
                    assertThat(t.link()).as("each writer instance's own link").matches("writer-[123]->postgres-1");
                    assertThat(t.resets()).isPositive();
                });
        leftNothingBehind(cut, HistoryReader.read(cut.runDir().path()));
        leftNothingBehind(reset, resetHistory);
    }

    /** The correct half is ledger-db-reset above. Local runtime, as that one. */
    @Test
    void aWriterThatLeaksAConnectionOnEachRetryFailsTheConnectionCheckAndNothingElse() {
        Assumptions.assumeTrue(local(), "the pair's correct half runs on the local runtime only");
        ExperimentResult result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-db-reset-leak"), Settings.SETTINGS);
        print(result);

        assertThat(result.verdictsOf(ConnectionLeakCheck.NAME)).singleElement().satisfies(v -> {
            assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL);
            assertThat(v.summary()).contains("more connections open through the proxy after the faults than before them")
                    .contains("more sessions after the load than before it");
        });
        RunAssertions.failsExactlyOn(result, Set.of(ConnectionLeakCheck.NAME), Set.of());
        leftNothingBehind(result, HistoryReader.read(result.runDir().path()));
    }

    private static void leftNothingBehind(ExperimentResult result, List<HistoryEvent> history) {
        boolean shared = !HistoryReader.ofType(history, HistoryEvent.EnvironmentShared.class).isEmpty();
        if (shared) {
            RunAssertions.noProcessOutlivedTheSuite(List.of(history)); // the suite is over: its environment is down
        } else {
            RunAssertions.noProcessOutlivedTheRun(history);
        }
        java.time.Instant runStart = java.time.Instant.ofEpochMilli(
                HistoryReader.ofType(history, HistoryEvent.RunStarted.class).get(0).atMs());
        // this run's servers name their data directory under these reports (other runs on the machine may have their own)
        String reports = result.runDir().path().getParent().toAbsolutePath().toString();
        List<ProcessHandle> servers = ProcessHandle.allProcesses()
                .filter(p -> p.info().startInstant().map(runStart::isBefore).orElse(false))
                .filter(p -> p.info().commandLine().orElse("").contains("postgres"))
                .filter(p -> p.info().commandLine().orElse("").contains(reports)).toList();
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> servers.contains(p) || p.parent().map(servers::contains).orElse(false))
                .map(p -> p.info().commandLine().orElse("")).toList();
        assertThat(left).as("no PostgreSQL process started by the run (server, backends) outlived it").isEmpty();
        assertThat(result.runDir().path().resolve("data")).as("the database's files went with the environment")
                .satisfies(data -> assertThat(Files.exists(data)).isFalse());
    }

    private static void print(ExperimentResult result) {
        result.verdicts().stream().map(CheckResult::toString).forEach(v -> System.out.println(result.runDir().runId() + ": " + v));
    }
}
