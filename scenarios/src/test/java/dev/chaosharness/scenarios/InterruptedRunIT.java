package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a running harness (a forked {@code ExperimentMain}, as CI cancels a job) while a
 * fault is active: it rolls the fault back, stops everything it started, ends the history as
 * {@code interrupted}, judges and reports the part that ran, lists the run in the index and exits
 * with 143, within the 15 s the harness promises (measured here: 5.2 s local, 9.8 s docker).
 */
class InterruptedRunIT {

    private static final Pattern RUN_DIR = Pattern.compile("run directory (\\S+)");
    private static final long EXIT_BOUND_SECONDS = 15;
    private static final long FAULT_BOUND_SECONDS = 180;

    @Test
    void sigtermDuringAFaultWindowLeavesNothingRunningAndStillReports() throws Exception {
        Process harness = forkHarness("payment-latency");
        List<String> output = new ArrayList<>();
        try {
            Path runDir = awaitFaultApplied(harness, output);

            long signalledNanos = System.nanoTime();
            harness.destroy(); // SIGTERM
            boolean exited = harness.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
            long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledNanos);

            assertThat(exited).as("harness exited within %d s of SIGTERM; its output:%n%s", EXIT_BOUND_SECONDS,
                    String.join("\n", output)).isTrue();
            System.out.println("harness exited " + exitMs + " ms after SIGTERM, exit code " + harness.exitValue());
            assertThat(harness.exitValue()).isEqualTo(143);
            assertInterruptedRun(runDir, "SIGTERM", Set.of("interrupted"));
        } finally {
            harness.destroyForcibly();
        }
    }

    /**
     * Ctrl-C in a terminal: SIGINT to every process of the foreground group, Maven and the harness it
     * forked with the exec plugin (as the README's experiment command does). Maven ends at once; the
     * harness, told again by its parent's end, takes both as one interrupt and reports.
     */
    @Test
    void ctrlCThroughMavenStillReports(@TempDir Path project) throws Exception {
        assumeFalse(ignoresSigint(), "SIGINT is ignored by this test's JVM (started in the background by a shell "
                + "without job control), and so by Maven and the harness it starts: a Ctrl-C cannot be tried here");
        interruptThroughMaven(project, "-INT", "--", "-%d");
    }

    /** Bit 2 of {@code SigIgn} in {@code /proc/self/status}: an ignored SIGINT, which every child inherits. */
    private static boolean ignoresSigint() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        return false;
    }

    /**
     * A CI cancel that reaches Maven alone: the exec plugin leaves its child running, and the harness,
     * seeing Maven gone, stops as for SIGTERM and reports.
     */
    @Test
    void sigtermToMavenAloneStillReports(@TempDir Path project) throws Exception {
        interruptThroughMaven(project, "-TERM", "%d");
    }

    private static void interruptThroughMaven(Path project, String... killArgs) throws Exception {
        Process maven = forkThroughMaven(project, "payment-latency");
        List<String> output = new ArrayList<>();
        try {
            Path runDir = awaitFaultApplied(maven, output);

            long signalledNanos = System.nanoTime();
            List<String> kill = new ArrayList<>(List.of("kill"));
            for (String arg : killArgs) {
                kill.add(String.format(arg, maven.pid()));
            }
            assertThat(new ProcessBuilder(kill).inheritIO().start().waitFor()).as("%s", kill).isZero();
            // Maven may end at once; the harness goes on to write its report
            await().atMost(Duration.ofSeconds(EXIT_BOUND_SECONDS)).ignoreExceptions().pollInterval(Duration.ofMillis(200))
                    .until(() -> RunHistory.storedFile(runDir).getFileName().toString().endsWith(".gz")
                            && Files.readString(runDir.getParent().resolve("index.html")).contains(runDir.getFileName().toString()));
            long reportedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledNanos);
            System.out.println("kill " + String.join(" ", kill.subList(1, kill.size())) + ": report of the interrupted run "
                    + reportedMs + " ms after the signal");
            // Maven's end reaches the harness a moment later: on a loaded machine the window may end first
            assertInterruptedRun(runDir, killArgs[0].equals("-INT") ? "SIGINT" : "SIGTERM", Set.of("interrupted", "window-end"));
            assertThat(maven.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS)).as("Maven exited").isTrue();
        } finally {
            new ProcessBuilder("kill", "-KILL", "--", "-" + maven.pid()).start().waitFor();
        }
    }

    private static void assertInterruptedRun(Path runDir, String signal, Set<String> rollbacks) {
        List<HistoryEvent> history = HistoryReader.read(runDir);
        assertThat(history.get(history.size() - 1)).isInstanceOfSatisfying(HistoryEvent.RunFinished.class, f -> {
            assertThat(f.outcome()).isEqualTo("interrupted");
            assertThat(f.message()).startsWith(signal);
        });
        List<HistoryEvent.FaultApplied> applied = HistoryReader.ofType(history, HistoryEvent.FaultApplied.class);
        assertThat(applied).isNotEmpty();
        assertThat(HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class))
                .as("every applied fault rolled back").hasSameSizeAs(applied)
                .allSatisfy(r -> assertThat(r.how()).isIn(rollbacks));
        RunAssertions.noProcessOutlivedTheRun(history);
        assertThat(runDir.resolve("verdicts.json")).isNotEmptyFile();
        assertThat(runDir.resolve("index.html")).content(StandardCharsets.UTF_8).contains("INTERRUPTED");
        assertThat(runDir.getParent().resolve("index.html")).content(StandardCharsets.UTF_8)
                .contains(runDir.getFileName().toString()).contains("INTERRUPTED");
    }

    /** Reads the harness's output until its first fault is applied; returns the run directory it printed. */
    private static Path awaitFaultApplied(Process harness, List<String> output) throws Exception {
        CompletableFuture<Path> applied = CompletableFuture.supplyAsync(() -> {
            Path runDir = null;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher dir = RUN_DIR.matcher(line);
                    if (runDir == null && dir.find()) {
                        runDir = Path.of(dir.group(1));
                    }
                    if (runDir != null && line.contains("fault 1 applied")) {
                        drainInBackground(lines, output);
                        return runDir;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the harness ended before a fault was applied:\n" + String.join("\n", output));
        });
        return applied.get(FAULT_BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static void drainInBackground(BufferedReader lines, List<String> output) {
        Thread drain = new Thread(() -> {
            try (lines) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the harness is gone
            }
        }, "harness-output");
        drain.setDaemon(true);
        drain.start();
    }

    /** The harness's main in a JVM of its own, with this test's classpath and harness settings. */
    private static Process forkHarness(String experiment) throws IOException {
        Path workingDir = Path.of(System.getProperty("user.dir"));
        return new ProcessBuilder(harnessCommand(experiment)).directory(Files.isDirectory(workingDir) ? workingDir.toFile() : null)
                .redirectErrorStream(true).start();
    }

    /**
     * Maven, in a process group of its own (as a terminal's foreground job), running the exec plugin
     * as the README's experiment profile does: {@code exec:exec} of the harness, its output inherited.
     */
    private static Process forkThroughMaven(Path project, String experiment) throws IOException {
        StringBuilder arguments = new StringBuilder();
        List<String> harness = harnessCommand(experiment);
        harness.add(1, "-Dharness.stop-with-parent=true"); // as the experiment profile starts it
        for (String arg : harness.subList(1, harness.size())) {
            arguments.append("          <argument>").append(arg.replace("&", "&amp;").replace("<", "&lt;")).append("</argument>\n");
        }
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId>
                  <artifactId>interrupt-through-maven</artifactId>
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
                %s      </arguments>
                    </configuration>
                  </plugin></plugins></build>
                </project>
                """.formatted(System.getProperty("exec.plugin.version", "3.6.2"), harness.get(0),
                System.getProperty("user.dir"), arguments));
        return new ProcessBuilder("setsid", "mvn", "-B", "-f", project.resolve("pom.xml").toString(), "exec:exec")
                .redirectErrorStream(true).start();
    }

    private static List<String> harnessCommand(String experiment) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
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
        command.add("dev.chaosharness.harness.ExperimentMain");
        command.add(experiment);
        return command;
    }
}
