package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.ChildOutput;
import dev.chaosharness.harness.environment.JfrRepository;
import dev.chaosharness.harness.environment.JvmCommand;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service JVM killed with SIGKILL dumps nothing: what it recorded until then is read from the chunks its JFR left. */
class JfrProbeTest {

    @TempDir
    Path runDir;

    @Test
    void aKilledJvmsRecordingIsReadFromItsRepositoryAndTheGapSaysWhatIsMissing() throws Exception {
        Path jfrDir = runDir.resolve("jfr");
        Path out = runDir.resolve("jvm.out");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                JvmCommand.flightRecording(jfrDir.resolve("svc-1-1.jfr").toString()), JfrRepository.option(jfrDir),
                "-cp", System.getProperty("java.class.path"), RemoteJfrProbeTest.Served.class.getName())
                .directory(runDir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (RunHistory history = RunHistory.open(runDir)) {
            history.append(new HistoryEvent.RunStarted(System.currentTimeMillis() - 1000, "run", "experiment", "test",
                    "none", 1, "local", java.util.Map.of()));
            history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), "svc-1", "svc", true, jvm.pid(),
                    List.of("java"), ""));
            ChildOutput.await(out, "serving");
            Thread.sleep(3500); // JFR counts live threads once a second and flushes its chunk about as often
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            JfrProbe.record(runDir, history);
        } finally {
            jvm.destroyForcibly();
        }

        List<HistoryEvent> events = HistoryReader.read(runDir);
        assertThat(HistoryReader.ofType(events, HistoryEvent.ThreadCount.class)).as("counted until it was killed")
                .isNotEmpty().allSatisfy(count -> assertThat(count.pid()).isEqualTo(jvm.pid()));
        assertThat(HistoryReader.ofType(events, HistoryEvent.ProbeGap.class)).singleElement()
                .satisfies(gap -> assertThat(gap.reason()).contains("did not exit normally")
                        .contains("read from the chunks its JFR left (jfr/repository/").contains("thread dump at exit are missing"));
        assertThat(HistoryReader.ofType(events, HistoryEvent.LingeringThreads.class)).as("no exit dump: not guessed").isEmpty();
    }

    @Test
    void eachJvmsJavaVersionAndVendorAreReadFromItsOwnRecording() throws Exception {
        Path jfrDir = java.nio.file.Files.createDirectories(runDir.resolve("jfr"));
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                JvmCommand.flightRecording(jfrDir.resolve("svc-1-1.jfr").toString()),
                "-cp", System.getProperty("java.class.path"), Exits.class.getName())
                .directory(runDir.toFile()).redirectErrorStream(true).redirectOutput(runDir.resolve("jvm.out").toFile()).start();
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (RunHistory history = RunHistory.open(runDir)) {
            history.append(new HistoryEvent.RunStarted(System.currentTimeMillis(), "run", "experiment", "test",
                    "none", 1, "local", java.util.Map.of()));
            history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), "svc-1", "svc", true, jvm.pid(),
                    List.of("java"), ""));
            JfrProbe.record(runDir, history);
        }

        List<HistoryEvent> events = HistoryReader.read(runDir);
        assertThat(HistoryReader.ofType(events, HistoryEvent.JvmRuntime.class)).as("%s", events).singleElement()
                .satisfies(runtime -> {
                    assertThat(runtime.instance()).isEqualTo("svc-1");
                    assertThat(runtime.pid()).isEqualTo(jvm.pid());
                    assertThat(runtime.javaVersion()).isEqualTo(System.getProperty("java.vm.version"));
                    assertThat(runtime.vendor()).isEqualTo(System.getProperty("java.vm.vendor"));
                    assertThat(runtime.vmName()).isEqualTo(System.getProperty("java.vm.name"));
                    assertThat(runtime.atMs()).as("the JVM's start").isPositive();
                });
    }

    /** A JVM that exits at once: JFR dumps its recording on the way out. */
    public static final class Exits {
        public static void main(String[] args) {
            System.out.println("bye");
        }
    }

    @Test
    void oldObjectClassesAreNamedAsJavaWritesThem() {
        org.assertj.core.api.Assertions.assertThat(List.of(JfrProbe.javaName("[B"), JfrProbe.javaName("[[J"),
                        JfrProbe.javaName("[Ljava.lang.String;"), JfrProbe.javaName("java.util.HashMap$Node")))
                .containsExactly("byte[]", "long[][]", "java.lang.String[]", "java.util.HashMap$Node");
    }
}
