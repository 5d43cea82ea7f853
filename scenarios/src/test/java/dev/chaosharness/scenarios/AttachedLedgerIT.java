package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.DeadlinePropagationCheck;
import dev.chaosharness.harness.check.FaultsAppliedCheck;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.check.HeapGrowthCheck;
import dev.chaosharness.harness.check.RetryCheck;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.ThreadLeakCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.settings.HarnessSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments attached to a system the harness did not start: {@code ledger.sh up} runs the ledger
 * as plain processes with a standalone fault-proxy in front of risk, as a team's staging would
 * run; {@code harness.runtime=attach} reads where from {@code attach.yaml}. The same experiment
 * gives the same verdicts attached as on the local runtime, the JVM checks included (the script
 * opens each JVM's JMX connector on loopback and the attach file names it: the harness streams
 * their JFR); the defect variant fails exactly on its check;
 * toxics, kills and pauses act through the attach file and leave nothing behind. Local runtime
 * only: the script runs risk with python3, like the local ledger.
 */
class AttachedLedgerIT {

    private static final Path SCRIPT_DIR = Settings.SETTINGS.scenariosDir().resolve("ledger").resolve("attached");
    private static final Set<String> JVM_CHECKS = Set.of(GcPauseCheck.NAME, ThreadLeakCheck.NAME);
    /** The script's processes are not this JVM's children: a SIGTERM or Ctrl-C to it still takes them down. */
    private static final Thread DOWN_ON_EXIT = new Thread(() -> {
        try {
            new ProcessBuilder("bash", SCRIPT_DIR.resolve("ledger.sh").toString(), "down").inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            System.err.println("ledger.sh down: " + e);
        }
    }, "ledger-down");

    @BeforeAll
    static void startTheLedgerAsATeamWould() throws Exception {
        Assumptions.assumeTrue(Settings.onProcesses(),
                "the script runs the ledger on loopback with python3, as the local runtime does");
        ledger("down");
        Runtime.getRuntime().addShutdownHook(DOWN_ON_EXIT);
        ledger("up");
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (Files.exists(SCRIPT_DIR.resolve("run"))) {
            ledger("down");
        }
        try {
            Runtime.getRuntime().removeShutdownHook(DOWN_ON_EXIT);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it takes the ledger down
        }
        assertThat(SCRIPT_DIR.resolve("run")).as("nothing left behind").doesNotExist();
    }

    @Test
    void anExperimentAttachedGivesTheVerdictsItGivesOnTheLocalRuntime() {
        ExperimentResult local = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-deadline"), Settings.SETTINGS);
        ExperimentResult attached = run(attached("attach.yaml"), "ledger-deadline");

        assertThat(attached.runVerdict()).as("%s", attached.verdicts()).isEqualTo(RunVerdict.PASS);
        // the one difference by design: no full collection is asked of a JVM of a system others use
        Map<String, Verdict> attachedHeapLeft = verdicts(attached);
        Map<String, Verdict> localHeapLeft = verdicts(local);
        attachedHeapLeft.keySet().removeIf(key -> key.startsWith(HeapGrowthCheck.NAME + "["));
        localHeapLeft.keySet().removeIf(key -> key.startsWith(HeapGrowthCheck.NAME + "["));
        assertThat(attachedHeapLeft).as("attached and local, the JVM checks included").isEqualTo(localHeapLeft);
        assertThat(attached.verdictsOf(HeapGrowthCheck.NAME)).filteredOn(v -> !v.subject().startsWith("risk")).isNotEmpty()
                .allSatisfy(v -> {
                    assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.NOT_APPLICABLE);
                    assertThat(v.summary()).as(v.toString()).startsWith("attached: the harness runs no full collection");
                });
        assertThat(local.verdictsOf(HeapGrowthCheck.NAME)).filteredOn(v -> !v.subject().startsWith("risk")).isNotEmpty()
                .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        assertThat(attached.verdicts()).as("the JVMs' JFR streamed over JMX: judged on evidence")
                .filteredOn(v -> JVM_CHECKS.contains(v.check()) && !v.subject().startsWith("risk"))
                .extracting(v -> v.check() + "[" + v.subject() + "] " + v.verdict())
                .containsExactlyInAnyOrder("GcPauseCheck[gateway-1] PASS", "GcPauseCheck[writer-1] PASS",
                        "ThreadLeakCheck[gateway-1] PASS", "ThreadLeakCheck[writer-1] PASS");
        assertThat(attached.verdictsOf(ThreadLeakCheck.NAME)).filteredOn(v -> v.subject().equals("gateway-1")).singleElement()
                .satisfies(v -> assertThat(v.measured()).as("live threads sampled before and after the load").contains(" before, "));
        assertThat(attached.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement()
                .satisfies(v -> assertThat(v.measured()).as("judged from the attached proxy's wire").contains("tied to their caller"));
        List<HistoryEvent> history = HistoryReader.read(attached.runDir().path());
        assertThat(HistoryReader.ofType(history, HistoryEvent.ProcessStopped.class)).as("nothing was stopped").isEmpty();
    }

    @Test
    void theDefectVariantFailsExactlyOnItsCheckAndAnExperimentThatIsNotWhatRunsIsRefused() throws Exception {
        assertThatThrownBy(() -> Experiment.requireRunnable(ExperimentFiles.load(attached("attach.yaml"),
                "ledger-deadline-dropped"), attached("attach.yaml")))
                .hasMessageContaining("services.gateway.properties: the experiment runs it with {defect=drop-budget},"
                        + " the attached one runs with {}");
        ledger("stop", "gateway-1");
        ledger(Map.of("GATEWAY_DEFECT", "drop-budget"), "start", "gateway-1");
        try {
            ExperimentResult result = run(attached("attach-drop-budget.yaml"), "ledger-deadline-dropped");

            assertThat(result.verdictsOf(DeadlinePropagationCheck.NAME)).singleElement()
                    .satisfies(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.FAIL));
            RunAssertions.failsExactlyOn(result, Set.of(DeadlinePropagationCheck.NAME), RunAssertions.TIMING_CHECKS);
        } finally {
            ledger("stop", "gateway-1");
            ledger("start", "gateway-1");
        }
    }

    @Test
    void toxicsKillsAndPausesActThroughTheAttachFileAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
        ExperimentResult retry = run(attached("attach.yaml"), "ledger-retry");
        assertThat(retry.verdictsOf(RetryCheck.NAME)).singleElement()
                .satisfies(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        assertThat(retry.runVerdict()).as("%s", retry.verdicts()).isEqualTo(RunVerdict.PASS);
        assertThat(get("http://127.0.0.1:28474/proxies/gateway-to-risk")).as("the toxic is gone").contains("\"toxics\":[]");

        Path experiment = withProfile(dir, "attached-kill", """
                name: kill-and-pause
                description: writer-1 killed for 3 s and restarted, gateway-1 frozen for 2 s
                seed: 3
                timeline:
                  - {at: 3s, duration: 3s, action: kill, target: writer-1}
                  - {at: 9s, duration: 2s, action: pause, target: gateway-1}
                """);
        ExperimentResult killed = run(attached("attach.yaml"), experiment.toString());

        assertThat(killed.verdictsOf(FaultsAppliedCheck.NAME)).singleElement()
                .satisfies(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        List<HistoryEvent> history = HistoryReader.read(killed.runDir().path());
        assertThat(HistoryReader.ofType(history, HistoryEvent.ProcessReady.class)).as("writer-1 started again and ready")
                .filteredOn(r -> r.name().equals("writer-1")).hasSize(2);
        assertThat(ledgerStatus()).as("every instance runs, none frozen, after the run")
                .doesNotContain("not running").doesNotContain(" T ");
    }

    /**
     * The harness SIGKILLed (a CI runner's hard kill) while its toxic sits on the team's proxy and
     * its pause holds gateway-1 frozen: the watchdog removes the toxic and resumes the instance
     * (the attach file's resume command) within 10 s; {@code analyze} closes the dead run.
     */
    @Test
    void aHarnessKilledDuringAToxicAndAPauseLeavesNeitherBehind(@TempDir Path dir) throws Exception {
        Path experiment = withProfile(dir, "attached-death", """
                name: toxic-and-pause
                description: latency on gateway->risk-1, then gateway-1 frozen, both until the load's last seconds
                seed: 5
                timeline:
                  - {at: 1s, duration: 12s, action: latency, target: gateway->risk-1, params: {latency: 200}}
                  - {at: 3s, duration: 10s, action: pause, target: gateway-1}
                """);
        Process harness = HarnessProcesses.fork(HarnessProcesses.command(experiment.toString(), Map.of(
                HarnessSettings.RUNTIME, "attach", HarnessSettings.ATTACH, SCRIPT_DIR.resolve("attach.yaml").toString())));
        List<String> output = new java.util.ArrayList<>();
        Path runDir;
        try {
            runDir = HarnessProcesses.awaitLine(harness, output, "fault 2 applied");
            assertThat(get("http://127.0.0.1:28474/proxies/gateway-to-risk")).as("the run's toxic").contains("chaos-");
            assertThat(ledgerStatus()).as("gateway-1 frozen").contains("gateway-1 T ");
            long killedNanos = System.nanoTime();
            assertThat(HarnessProcesses.signal("KILL", Long.toString(harness.pid()))).isTrue();
            long undoneMs = -1;
            while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos) < 30_000) {
                if (get("http://127.0.0.1:28474/proxies/gateway-to-risk").contains("\"toxics\":[]")
                        && !ledgerStatus().contains(" T ")) {
                    undoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos);
                    break;
                }
                Thread.sleep(100);
            }
            System.out.println("SIGKILL of an attached harness during a toxic and a pause: both undone " + undoneMs + " ms later");
            assertThat(undoneMs).as("ms until the toxic was gone and gateway-1 ran again (-1: not within 30 s): %s",
                    ledgerStatus()).isBetween(0L, 10_000L);
        } finally {
            harness.destroyForcibly();
        }
        HarnessProcesses.Analyzed analyzed = HarnessProcesses.analyze(runDir);
        assertThat(analyzed.printed()).contains("closed a dead run: " + runDir.getFileName() + " ABORTED");
        assertThat(analyzed.exitCode()).as(analyzed.printed()).isEqualTo(3);
    }

    /** ledger-deadline with {@code profile} (its YAML) as its chaos profile, written under {@code dir} as {@code name}. */
    private static Path withProfile(Path dir, String name, String profile) throws IOException {
        Path profileFile = dir.resolve(name + "-profile.yaml");
        Files.writeString(profileFile, profile);
        Path experiment = dir.resolve(name + ".yaml");
        Files.writeString(experiment, Files.readString(Settings.SETTINGS.scenariosDir()
                .resolve("ledger/experiments/ledger-deadline.yaml"))
                .replace("name: ledger-deadline", "name: " + name)
                .replace("system: ../system.yaml", "system: " + Settings.SETTINGS.scenariosDir().resolve("ledger/system.yaml"))
                .replace("checks:", "profile: " + profileFile + "\nchecks:"));
        return experiment;
    }

    private static HarnessSettings attached(String attachFile) {
        Properties properties = new Properties();
        properties.putAll(System.getProperties());
        properties.setProperty(HarnessSettings.RUNTIME, "attach");
        properties.setProperty(HarnessSettings.ATTACH, SCRIPT_DIR.resolve(attachFile).toString());
        return HarnessSettings.from(properties);
    }

    private static ExperimentResult run(HarnessSettings settings, String experiment) {
        ExperimentResult result = Experiment.run(ExperimentFiles.load(settings, experiment), settings);
        result.verdicts().stream().map(CheckResult::toString).forEach(v -> System.out.println(result.runDir().runId() + ": " + v));
        return result;
    }

    /** Each (check, subject) and its verdict, the JVM checks left out. */
    private static Map<String, Verdict> verdicts(ExperimentResult result) {
        Map<String, Verdict> verdicts = new TreeMap<>();
        result.verdicts().forEach(v -> verdicts.put(v.check() + "[" + v.subject() + "]", v.verdict()));
        return verdicts;
    }

    private static void ledger(String... args) throws IOException, InterruptedException {
        ledger(Map.of(), args);
    }

    private static void ledger(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(concat("bash", SCRIPT_DIR.resolve("ledger.sh").toString(), args))
                .directory(SCRIPT_DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("ledger.sh %s", List.of(args)).isTrue();
        System.out.print(output);
        assertThat(process.exitValue()).as("ledger.sh %s: %s", List.of(args), output).isZero();
    }

    /** The state of every process ledger.sh started, from {@code /proc/<pid>/stat}: T for a frozen one. */
    private static String ledgerStatus() throws IOException, InterruptedException {
        StringBuilder status = new StringBuilder();
        for (String name : List.of("kafka", "fault-proxy", "risk-1", "writer-1", "gateway-1")) {
            Path pid = SCRIPT_DIR.resolve("run").resolve(name + ".pid");
            if (!Files.exists(pid)) {
                status.append(name).append(" not running\n");
                continue;
            }
            Path stat = Path.of("/proc", Files.readString(pid).strip(), "stat");
            // the state is the field after the command's closing parenthesis
            String state = Files.exists(stat) ? Files.readString(stat).replaceFirst("^.*\\) ", "").substring(0, 1) : "";
            status.append(name).append(state.isEmpty() || state.equals("Z") ? " not running" : " " + state + " ").append('\n');
        }
        return status.toString();
    }

    private static String get(String uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String[] concat(String first, String second, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = first;
        all[1] = second;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
