package dev.chaosharness.scenarios;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness as a user starts it, in a JVM of its own: directly, or through Maven's exec plugin as
 * the README's experiment command does; its output read line by line; and what {@code /proc} says
 * of a process. For the ITs that signal or kill the harness.
 */
final class HarnessProcesses {

    static final String MAIN = "dev.chaosharness.harness.ExperimentMain";
    private static final Pattern RUN_DIR = Pattern.compile("run directory (\\S+)");
    private static final long LINE_BOUND_SECONDS = 180;

    private HarnessProcesses() {
    }

    /** The harness's main with this test's classpath and harness settings, plus {@code properties}. */
    static List<String> command(String experiment, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(dev.chaosharness.harness.settings.HarnessSettings.GATLING_JVM_OPTIONS);
        command.add("-Xmx1g");
        for (String property : List.of("harness.reports.dir", "harness.profiles.dir", "harness.scenarios.dir",
                "harness.runtime", "harness.images")) {
            String value = properties.getOrDefault(property, System.getProperty(property));
            if (value != null && !value.isBlank()) {
                command.add("-D" + property + "=" + value);
            }
        }
        properties.forEach((key, value) -> {
            if (!command.contains("-D" + key + "=" + value)) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN);
        command.add(experiment);
        return command;
    }

    /** The harness in a JVM of its own, started in this test's working directory. */
    static Process fork(List<String> command) throws IOException {
        Path workingDir = Path.of(System.getProperty("user.dir"));
        return new ProcessBuilder(command).directory(Files.isDirectory(workingDir) ? workingDir.toFile() : null)
                .redirectErrorStream(true).start();
    }

    /**
     * Maven, in a process group of its own (as a terminal's foreground job), running the exec plugin
     * as the README's experiment profile does: {@code exec:exec} of the harness, its output inherited.
     */
    static Process throughMaven(Path project, List<String> harnessCommand) throws IOException {
        List<String> harness = new ArrayList<>(harnessCommand);
        harness.add(1, "-Dharness.stop-with-parent=true"); // as the experiment profile starts it
        StringBuilder arguments = new StringBuilder();
        for (String arg : harness.subList(1, harness.size())) {
            arguments.append("          <argument>").append(arg.replace("&", "&amp;").replace("<", "&lt;")).append("</argument>\n");
        }
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test</groupId>
                  <artifactId>harness-through-maven</artifactId>
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

    /** The harness JVM among {@code parent}'s descendants (Maven's exec child). */
    static long harnessUnder(Process parent) {
        return ProcessHandle.of(parent.pid()).orElseThrow().descendants()
                .filter(p -> cmdline(p.pid()).contains(MAIN)).findFirst().orElseThrow().pid();
    }

    /**
     * Reads the output until a line containing {@code wanted}, then goes on reading it in the
     * background; returns the run directory printed before that line.
     */
    static Path awaitLine(Process process, List<String> output, String wanted) throws Exception {
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
                        readOnInTheBackground(lines, output);
                        return runDir;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("ended before '" + wanted + "':\n" + String.join("\n", output));
        });
        return seen.get(LINE_BOUND_SECONDS, TimeUnit.SECONDS);
    }

    private static void readOnInTheBackground(BufferedReader lines, List<String> output) {
        Thread reader = new Thread(() -> {
            try (lines) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "harness-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** What {@code analyze} of a run directory printed, and its exit code. */
    record Analyzed(int exitCode, String printed) {
    }

    /** {@code analyze <runDir>} in a JVM of its own, as a user runs it after a run whose harness died. */
    static Analyzed analyze(Path runDir) throws IOException, InterruptedException {
        Process analyze = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "dev.chaosharness.harness.Analyze", runDir.toString()).redirectErrorStream(true).start();
        String printed = new String(analyze.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!analyze.waitFor(120, TimeUnit.SECONDS)) {
            analyze.destroyForcibly();
            throw new IllegalStateException("analyze of " + runDir + " did not end within 120 s:\n" + printed);
        }
        return new Analyzed(analyze.exitValue(), printed);
    }

    /** {@code kill -s SIGNAL pid} (or {@code -- -pgid} for a group); true when it was delivered. */
    static boolean signal(String signal, String... target) throws IOException, InterruptedException {
        List<String> kill = new ArrayList<>(List.of("kill", "-s", signal));
        kill.addAll(List.of(target));
        return new ProcessBuilder(kill).start().waitFor() == 0;
    }

    /** Whether this JVM was started with {@code signal} ignored ({@code SigIgn} in /proc/self/status), as children inherit it. */
    static boolean ignored(int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The state letter of {@code /proc/PID/stat} (T: stopped, Z: zombie), or "gone". */
    static String state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
