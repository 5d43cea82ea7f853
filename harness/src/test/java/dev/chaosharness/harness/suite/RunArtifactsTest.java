package dev.chaosharness.harness.suite;

import dev.chaosharness.harness.environment.JfrRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import dev.chaosharness.harness.ChildOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunArtifactsTest {

    @TempDir
    Path environment;
    @TempDir
    Path run;

    @Test
    void aRunGetsWhatEachLogGainedWhileItRanNotWhatEarlierRunsWrote() throws IOException {
        Files.createDirectories(environment.resolve("logs"));
        Files.writeString(environment.resolve("logs/api-1.log"), "earlier run\n");
        RunArtifacts artifacts = RunArtifacts.markedAt(environment);
        Files.writeString(environment.resolve("logs/api-1.log"), "this run\n", StandardOpenOption.APPEND);
        Files.writeString(environment.resolve("logs/api-2.log"), "started during this run\n");

        artifacts.copyInto(run, pid -> false, line -> { });

        assertThat(run.resolve("logs/api-1.log")).hasContent("this run");
        assertThat(run.resolve("logs/api-2.log")).hasContent("started during this run");
    }

    @Test
    void aRunningJvmsRecordingIsSnapshottedThroughTheManagementApi() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path dumpedAtExit = environment.resolve("sleeper.jfr");
        Process sleeper = new ProcessBuilder(java.toString(), "-XX:StartFlightRecording=filename=" + dumpedAtExit
                + ",dumponexit=true,settings=default", JfrRepository.option(environment), // killed below: its chunks stay here
                "-cp", System.getProperty("java.class.path"),
                Sleeper.class.getName()).redirectErrorStream(true).redirectOutput(environment.resolve("sleeper.out").toFile())
                .start();
        try {
            ChildOutput.await(environment.resolve("sleeper.out"), "sleeping");
            Path snapshot = run.resolve("sleeper-1.jfr");

            RunArtifacts.snapshot(sleeper.pid(), snapshot);

            List<RecordedEvent> events = RecordingFile.readAllEvents(snapshot);
            assertThat(events).extracting(e -> e.getEventType().getName())
                    .contains("jdk.GarbageCollection", "jdk.JavaThreadStatistics");
            assertThat(sleeper.isAlive()).as("the JVM goes on after the snapshot").isTrue();
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A JVM that collects garbage once, says so, and waits to be killed (at most a minute). */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.gc();
            Thread.sleep(1500); // one live-thread sample at least (every second)
            System.out.println("sleeping");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
