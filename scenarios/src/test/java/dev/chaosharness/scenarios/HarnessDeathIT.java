package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.chaosharness.scenarios.HarnessProcesses.cmdline;
import static dev.chaosharness.scenarios.HarnessProcesses.state;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.environment.docker.ContainerLabels;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's JVM SIGKILLed (a CI runner's hard kill, the OOM killer) while a fault is active, on
 * the local runtime, started through Maven as the README's command does: every process of the run
 * is gone within 5 s (the watchdog: {@code ProcessGroups}), none is left stopped, its ports are
 * free; the next run closes the dead run (ABORTED, why, its page, its JVM checks judged from the
 * recordings it kept), and {@code analyze} closes the last one. On the docker runtime, the run's
 * labelled containers and networks are gone within 10 s. Also SIGHUP (a closed terminal), handled
 * as SIGTERM is.
 */
class HarnessDeathIT {

    private static final long LOCAL_BOUND_MS = 5_000;
    private static final long DOCKER_BOUND_MS = 10_000;

    @Test
    void sigkillDuringAKillWindowThenDuringAPauseWindowLeavesNothingAndTheDeadRunsAreClosed(@TempDir Path project)
            throws Exception {
        assumeTrue(Settings.onProcesses(), "the local runtime's processes (the docker variant is the next test)");
        // consumer-churn: payment-2 killed (restarted after 6 s), then payment-3 SIGSTOPped
        Path killed = killHarnessAt(project, "fault 1 applied", "kill window");
        Run second = startThroughMaven(project, "fault 2 applied");
        assertThat(second.output()).as("the next run closed the dead one in one line")
                .anyMatch(line -> line.startsWith("closed a dead run: " + killed.getFileName() + " ABORTED"));
        Path paused = sigkill(second, "pause window");
        assertClosed(killed);

        HarnessProcesses.Analyzed analyzed = HarnessProcesses.analyze(paused);
        assertThat(analyzed.exitCode()).as(analyzed.printed()).isEqualTo(3);
        assertThat(analyzed.printed()).contains("closed a dead run: " + paused.getFileName() + " ABORTED");
        assertClosed(paused);
    }

    /**
     * On docker, the watchdog removes the run's containers and networks by its label (Ryuk cannot
     * run here); {@code analyze} then closes the dead run.
     */
    @Test
    void onDockerSigkillDuringAKillWindowRemovesTheRunsContainersAndNetworks(@TempDir Path project) throws Exception {
        assumeTrue(Settings.onContainers(), "the docker runtime's containers");
        Run run = startThroughMaven(project, "fault 1 applied");
        String runId = run.runDir().getFileName().toString();
        try {
            List<String> before = dockerObjects(runId);
            assertThat(before).as("the run's labelled containers and network before the kill").hasSizeGreaterThan(2);
            long killedNanos = System.nanoTime();
            assertThat(HarnessProcesses.signal("KILL", Long.toString(HarnessProcesses.harnessUnder(run.maven())))).isTrue();
            long goneMs = -1;
            while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos) < 60_000) {
                if (dockerObjects(runId).isEmpty()) {
                    goneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos);
                    break;
                }
                Thread.sleep(200);
            }
            System.out.println("SIGKILL of the harness during a kill window on docker: the last of its " + before.size()
                    + " containers and networks gone " + goneMs + " ms later");
            assertThat(goneMs).as("ms from SIGKILL until no container or network of the run was left (-1: %s)",
                    dockerObjects(runId)).isBetween(0L, DOCKER_BOUND_MS);
            assertThat(run.maven().waitFor(60, TimeUnit.SECONDS)).as("Maven ended with its harness").isTrue();
        } finally {
            HarnessProcesses.signal("KILL", "--", "-" + run.maven().pid());
        }
        HarnessProcesses.Analyzed analyzed = HarnessProcesses.analyze(run.runDir());
        assertThat(analyzed.exitCode()).as(analyzed.printed()).isEqualTo(3);
        assertThat(analyzed.printed()).contains("closed a dead run: " + runId + " ABORTED");
        List<HistoryEvent> history = HistoryReader.read(run.runDir());
        assertThat(history.get(history.size() - 1)).isInstanceOfSatisfying(HistoryEvent.RunFinished.class,
                f -> assertThat(f.outcome()).isEqualTo("aborted"));
        assertThat(run.runDir().resolve("index.html")).content(StandardCharsets.UTF_8).contains("ABORTED");
    }

    /** Containers (in any state) and networks carrying the run's label, by the docker CLI. */
    private static List<String> dockerObjects(String runId) throws IOException, InterruptedException {
        List<String> objects = new ArrayList<>();
        for (List<String> list : List.of(List.of("docker", "ps", "-aq"), List.of("docker", "network", "ls", "-q"))) {
            List<String> command = new ArrayList<>(list);
            command.addAll(List.of("--filter", "label=" + ContainerLabels.RUN + "=" + runId));
            Process docker = new ProcessBuilder(command).redirectErrorStream(true).start();
            String printed = new String(docker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(docker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(docker.exitValue()).as("%s: %s", command, printed).isZero();
            printed.lines().filter(line -> !line.isBlank()).forEach(objects::add);
        }
        return objects;
    }

    /**
     * A terminal closed under the harness: SIGHUP, handled as SIGTERM is (faults rolled back,
     * everything stopped, history ended {@code interrupted}, report written), exit 129.
     */
    @Test
    void sighupIsHandledAsSigtermIs() throws Exception {
        assumeTrue(Settings.onProcesses(), "SIGHUP takes the path SIGTERM takes, tried on docker by InterruptedRunIT");
        assumeFalse(HarnessProcesses.ignored(1), "SIGHUP is ignored by this test's JVM (started under nohup), and so by the harness");
        Process harness = HarnessProcesses.fork(HarnessProcesses.command("payment-latency", Map.of()));
        List<String> output = new ArrayList<>();
        try {
            Path runDir = HarnessProcesses.awaitLine(harness, output, "fault 1 applied");
            assertThat(new ProcessBuilder("kill", "-s", "HUP", Long.toString(harness.pid())).start().waitFor()).isZero();
            assertThat(harness.waitFor(30, TimeUnit.SECONDS)).as("exited; output:%n%s", String.join("\n", output)).isTrue();
            assertThat(harness.exitValue()).isEqualTo(129);
            List<HistoryEvent> history = HistoryReader.read(runDir);
            assertThat(history.get(history.size() - 1)).isInstanceOfSatisfying(HistoryEvent.RunFinished.class, f -> {
                assertThat(f.outcome()).isEqualTo("interrupted");
                assertThat(f.message()).startsWith("SIGHUP");
            });
            assertThat(HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class)).isNotEmpty();
            RunAssertions.noProcessOutlivedTheRun(history);
            assertThat(runDir.resolve("index.html")).content(StandardCharsets.UTF_8).contains("INTERRUPTED");
        } finally {
            harness.destroyForcibly();
        }
    }

    private Path killHarnessAt(Path project, String line, String where) throws Exception {
        return sigkill(startThroughMaven(project, line), where);
    }

    private record Run(Process maven, Path runDir, List<String> output) {
    }

    /** SIGKILL to the harness JVM Maven forked; asserts the bounds and returns the run directory. */
    private static Path sigkill(Run run, String where) throws Exception {
        try {
            long harness = HarnessProcesses.harnessUnder(run.maven());
            List<Long> ofRun = processesOf(run.runDir());
            assertThat(ofRun).as("the run's processes before the kill").hasSizeGreaterThan(2);
            long killedNanos = System.nanoTime();
            assertThat(new ProcessBuilder("kill", "-s", "KILL", Long.toString(harness)).start().waitFor()).isZero();
            long goneMs = -1;
            while (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos) < 30_000) {
                if (processesOf(run.runDir()).isEmpty()) {
                    goneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNanos);
                    break;
                }
                Thread.sleep(50);
            }
            System.out.println("SIGKILL of the harness during a " + where + ": the last of its " + ofRun.size()
                    + " processes gone " + goneMs + " ms later");
            assertThat(goneMs).as("ms from SIGKILL until no process of the run was left (-1: some still are: %s)",
                    describe(processesOf(run.runDir()))).isBetween(0L, LOCAL_BOUND_MS);
            assertThat(stopped(ofRun)).as("no instance left in state T").isEmpty();
            // an exiting JVM leaves /proc's cmdline (its memory goes first) a moment before its sockets close
            org.awaitility.Awaitility.await("the run's ports free").atMost(java.time.Duration.ofMillis(LOCAL_BOUND_MS))
                    .pollInterval(java.time.Duration.ofMillis(100)).untilAsserted(() -> assertPortsFree(run.runDir()));
            assertThat(run.maven().waitFor(60, TimeUnit.SECONDS)).as("Maven ended with its harness").isTrue();
            return run.runDir();
        } finally {
            new ProcessBuilder("kill", "-s", "KILL", "--", "-" + run.maven().pid()).start().waitFor();
        }
    }

    private static void assertClosed(Path runDir) {
        List<HistoryEvent> history = HistoryReader.read(runDir);
        assertThat(history.get(history.size() - 1)).isInstanceOfSatisfying(HistoryEvent.RunFinished.class, f -> {
            assertThat(f.outcome()).isEqualTo("aborted");
            assertThat(f.message()).startsWith("the harness process died (killed or crashed); last event at ");
        });
        assertThat(runDir.resolve("index.html")).content(StandardCharsets.UTF_8).contains("ABORTED");
        assertThat(runDir.getParent().resolve("index.html")).content(StandardCharsets.UTF_8)
                .contains(runDir.getFileName().toString());
        List<CheckResult> gc = Analysis.read(runDir).stream().filter(r -> r.check().equals(GcPauseCheck.NAME)).toList();
        assertThat(gc).as("GC pauses judged from the recordings the run kept").isNotEmpty()
                .noneMatch(r -> r.measured().contains("no JFR recording"))
                .anyMatch(r -> r.verdict().name().equals("PASS") || r.verdict().name().equals("FAIL"));
    }

    /** Every port the run's environment named (instances, proxy, broker) refuses connections. */
    private static void assertPortsFree(Path runDir) {
        HistoryEvent.EnvironmentUp up = HistoryReader.ofType(HistoryReader.readContext(runDir), HistoryEvent.EnvironmentUp.class)
                .get(0);
        List<String> busy = new ArrayList<>();
        for (String endpoint : up.endpoints().values()) {
            URI uri = URI.create(endpoint.contains("://") ? endpoint : "tcp://" + endpoint);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
                busy.add(endpoint);
            } catch (ConnectException refused) {
                // free
            } catch (IOException e) {
                busy.add(endpoint + " (" + e + ")");
            }
        }
        assertThat(busy).as("ports still answering").isEmpty();
    }

    /** Maven running the experiment profile's exec of the harness (as the README's command does), until {@code line}. */
    private static Run startThroughMaven(Path project, String line) throws Exception {
        Process maven = HarnessProcesses.throughMaven(project, HarnessProcesses.command("consumer-churn", Map.of()));
        List<String> output = new ArrayList<>();
        try {
            return new Run(maven, HarnessProcesses.awaitLine(maven, output, line), output);
        } catch (Exception | Error e) {
            HarnessProcesses.signal("KILL", "--", "-" + maven.pid());
            throw e;
        }
    }

    /** Processes whose command line names the run directory (the broker's config, a JVM's recording). */
    private static List<Long> processesOf(Path runDir) {
        String dir = runDir.toAbsolutePath().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).filter(pid -> cmdline(pid).contains(dir) && !state(pid).equals("Z")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> stopped(List<Long> pids) {
        return pids.stream().filter(pid -> state(pid).equals("T")).map(pid -> pid + " " + cmdline(pid)).toList();
    }

    private static String describe(List<Long> pids) {
        return pids.stream().map(pid -> pid + " [" + state(pid) + "] " + cmdline(pid)).toList().toString();
    }
}
