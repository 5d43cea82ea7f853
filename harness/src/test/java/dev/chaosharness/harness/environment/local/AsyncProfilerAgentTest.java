package dev.chaosharness.harness.environment.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as the local runtime starts it: a real JVM, async-profiler's library from its jar, wall-clock samples as JFR. */
class AsyncProfilerAgentTest {

    @TempDir
    Path runDir;

    @Test
    void aJvmStartedWithTheOptionRecordsItsThreadsWallClockIncludingWaitingOnes() throws Exception {
        Path program = runDir.resolve("Sleeper.java");
        Files.writeString(program, """
                public class Sleeper {
                    public static void main(String[] args) throws Exception {
                        sleepInAKnownMethod();
                    }
                    static void sleepInAKnownMethod() throws Exception {
                        Thread.sleep(1500);
                    }
                }
                """);
        Path jfrFile = runDir.resolve("jfr").resolve("sleeper-1-1.jfr");
        Path output = AsyncProfilerAgent.output(jfrFile, "wall");
        assertThat(output).isEqualTo(runDir.resolve("profiler").resolve("sleeper-1-1-wall.jfr"));

        Process jvm = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                AsyncProfilerAgent.option(runDir, "wall", output), program.toString()))
                .redirectErrorStream(true).redirectOutput(runDir.resolve("out.log").toFile()).start();
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(Files.readString(runDir.resolve("out.log"))).isZero();

        long inSleep = RecordingFile.readAllEvents(output).stream()
                .filter(e -> e.getEventType().getName().equals("profiler.WallClockSample"))
                .filter(e -> e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getName().equals("sleepInAKnownMethod")))
                .mapToLong(e -> e.getLong("samples")).sum(); // an idle thread's samples come as one event with their count
        assertThat(inSleep).as("a sleeping thread is in a wall-clock profile (in a CPU one it would not be)").isGreaterThan(10);
        assertThat(runDir.resolve("profiler").resolve("libasyncProfiler.so")).isRegularFile();
    }
}
