package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's JVM SIGKILLed (a CI runner's hard kill, the OOM killer) while a fault is active, on
 * the local runtime, started through Maven as the README's command does: every process of the run
 * is gone within 5 s (the watchdog: {@code ProcessGroups}), none is left stopped, its ports are
 * free; the next run closes the dead run (ABORTED, why, its page, its JVM checks judged from the
 * recordings it kept), and {@code analyze} closes the last one. Also SIGHUP (a closed terminal),
 * handled as SIGTERM is.
 */
class HarnessDeathIT {

    /**
     * The local runtime's processes: the docker runtime's watchdog removal (docker rm by the run's
     * label) has not been tried on an engine yet, so the container phase does not run this.
     */
    @org.junit.jupiter.api.BeforeAll
    static void onTheLocalRuntime() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.chaosharness.harness.experiment.EnvironmentRuntimes.selected(Settings.SETTINGS).name().equals("local"),
                "the local runtime's processes (the container runtime's cleanup on the harness's death is untried)");
    }

    private static final Pattern RUN_DIR = Pattern.compile("run directory (\\S+)");
    private static final String MAIN = "dev.chaosharness.harness.ExperimentMain";
    private static final long LOCAL_BOUND_MS = 5_000;
    private static final long FAULT_BOUND_SECONDS = 180;

    @Test
    void sigkillDuringAKillWindowThenDuringAPauseWindowLeavesNothingAndTheDeadRunsAreClosed(@TempDir Path project)
            throws Exception {
        // consumer-churn: payment-2 killed (restarted after 6 s), then payment-3 SIGSTOPped
        Path killed = killHarnessAt(project, "fault 1 applied", "kill window");
        Run second = startThroughMaven(project, "fault 2 applied");
        assertThat(second.output()).as("the next run closed the dead one in one line")
                .anyMatch(line -> line.startsWith("closed a dead run: " + killed.getFileName() + " ABORTED"));
        Path paused = sigkill(second, "pause window");
        assertClosed(killed);

        Process analyze = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "dev.chaosharness.harness.Analyze", paused.toString()).redirectErrorStream(true).start();
        String printed = new String(analyze.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(analyze.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(analyze.exitValue()).as(printed).isEqualTo(3);
        assertThat(printed).contains("closed a dead run: " + paused.getFileName() + " ABORTED");
        assertClosed(paused);
    }

    /**
     * A terminal closed under the harness: SIGHUP, handled as SIGTERM is (faults rolled back,
     * everything stopped, history ended {@code interrupted}, report written), exit 129.
     */
    @Test
    void sighupIsHandledAsSigtermIs() throws Exception {
        assumeFalse(ignored(1), "SIGHUP is ignored by this test's JVM (started under nohup), and so by the harness");
        Process harness = new ProcessBuilder(harnessCommand("payment-latency")).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try {
            Path runDir = awaitLine(harness, output, "fault 1 applied");
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
            long harness = ProcessHandle.of(run.maven().pid()).orElseThrow().descendants()
                    .filter(p -> cmdline(p.pid()).contains(MAIN)).findFirst().orElseThrow().pid();
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
        StringBuilder arguments = new StringBuilder();
        List<String> harness = harnessCommand("consumer-churn");
        harness.add(1, "-Dharness.stop-with-parent=true");
        for (String arg : harness.subList(1, harness.size())) {
            arguments.append("<argument>").append(arg.replace("&", "&amp;").replace("<", "&lt;")).append("</argument>\n");
        }
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId>
                  <artifactId>harness-death</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <build><plugins><plugin>
                    <groupId>org.codehaus.mojo</groupId>
                    <artifactId>exec-maven-plugin</artifactId>
                    <version>%s</version>
                    <configuration>
                      <executable>%s</executable>
                      <inheritIo>true</inheritIo>
                      <workingDirectory>%s</workingDirectory>
                      <arguments>
                %s</arguments>
                    </configuration>
                  </plugin></plugins></build>
                </project>
                """.formatted(System.getProperty("exec.plugin.version", "3.6.2"), harness.get(0),
                System.getProperty("user.dir"), arguments));
        Process maven = new ProcessBuilder("setsid", "mvn", "-B", "-o", "-f", project.resolve("pom.xml").toString(), "exec:exec")
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try {
            return new Run(maven, awaitLine(maven, output, line), output);
        } catch (Exception | Error e) {
            new ProcessBuilder("kill", "-s", "KILL", "--", "-" + maven.pid()).start().waitFor();
            throw e;
        }
    }

    /** Reads the output until {@code wanted}; returns the run directory printed before it. */
    private static Path awaitLine(Process process, List<String> output, String wanted) throws Exception {
        CompletableFuture<Path> seen = CompletableFuture.supplyAsync(() -> {
            Path runDir = null;
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher dir = RUN_DIR.matcher(line);
                    if (runDir == null && dir.find()) {
                        runDir = Path.of(dir.group(1));
                    }
                    if (runDir != null && line.contains(wanted)) {
                        drain(lines, output);
                        return runDir;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("ended before '" + wanted + "':\n" + String.join("\n", output));
        });
        return seen.get(FAULT_BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static void drain(BufferedReader lines, List<String> output) {
        Thread drain = new Thread(() -> {
            try (lines) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // gone
            }
        }, "harness-output");
        drain.setDaemon(true);
        drain.start();
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

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    /** Whether this JVM was started with {@code signal} ignored ({@code SigIgn} in /proc/self/status), as children inherit it. */
    private static boolean ignored(int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static List<String> harnessCommand(String experiment) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xmx1g");
        for (String property : List.of("harness.reports.dir", "harness.profiles.dir", "harness.scenarios.dir",
                "harness.runtime", "harness.images")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.add(experiment);
        return command;
    }
}
