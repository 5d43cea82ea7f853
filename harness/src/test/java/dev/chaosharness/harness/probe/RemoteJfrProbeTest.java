package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.chaosharness.harness.ChildOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attached JVM with a JMX connector: its GC, live threads and a thread it started and kept, streamed into the history. */
class RemoteJfrProbeTest {

    @TempDir
    Path runDir;

    private int port;
    private final Path out = Path.of("jvm.out");

    /** A JVM with a JMX connector on a free loopback port, serving; its start is in the history as attached. */
    private Process startServed(RunHistory history) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-XX:FlightRecorderOptions=repository=" + runDir.resolve("jfr-repository"), // killed: not left in /tmp
                "-cp", System.getProperty("java.class.path"), Served.class.getName())
                .directory(runDir.toFile()).redirectErrorStream(true).redirectOutput(runDir.resolve(out).toFile()).start();
        ChildOutput.await(runDir.resolve(out), "serving");
        history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), "svc-1", "svc", true, 0,
                List.of("attached", "jmx", "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"), ""));
        return jvm;
    }

    @Test
    void aJvmThatGoesAwayMidRunLeavesAProbeGapNotASilentPass() throws Exception {
        try (RunHistory history = RunHistory.open(runDir)) {
            Process jvm = startServed(history);
            RemoteJfrProbe probe = new RemoteJfrProbe(new ProbeContext(null, null, history, runDir, line -> { }, null));
            probe.verify();
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(3000);
            probe.readAfterEnvironment();
        }

        assertThat(HistoryReader.ofType(HistoryReader.read(runDir), HistoryEvent.ProbeGap.class))
                .anySatisfy(gap -> assertThat(gap.reason()).contains("ended before the run did"));
    }

    @Test
    void anAttachedJvmsJfrIsStreamedOverJmxIntoTheHistory() throws Exception {
        List<String> progress = new ArrayList<>();
        Process jvm = null;
        try (RunHistory history = RunHistory.open(runDir)) {
            jvm = startServed(history);
            RemoteJfrProbe probe = new RemoteJfrProbe(new ProbeContext(null, null, history, runDir, progress::add, null));
            probe.verify();
            Thread.sleep(1500);
            history.append(new HistoryEvent.LoadStarted(System.currentTimeMillis(), "test", 1, 0, 3, 1000));
            Files.writeString(runDir.resolve("go"), "now"); // the JVM starts a thread it never ends, and collects
            ChildOutput.await(runDir.resolve(out), "kept");
            Thread.sleep(1500);
            history.append(new HistoryEvent.LoadFinished(System.currentTimeMillis(), 0, ""));
            Thread.sleep(1500);
            probe.readAfterEnvironment();
        } finally {
            if (jvm != null) {
                jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        List<HistoryEvent> events = HistoryReader.read(runDir);
        assertThat(HistoryReader.ofType(events, HistoryEvent.GcPause.class)).as("System.gc() while streamed")
                .anySatisfy(gc -> assertThat(gc.instance()).isEqualTo("svc-1"));
        assertThat(HistoryReader.ofType(events, HistoryEvent.ThreadCount.class)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(HistoryReader.ofType(events, HistoryEvent.LingeringThreads.class))
                .as("the thread started during the load and still alive at the last dump")
                .anySatisfy(l -> {
                    assertThat(l.pattern()).isEqualTo("kept-forever-N");
                    assertThat(l.classified()).isTrue();
                });
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("streaming JFR (GC, threads) over JMX from [svc-1]"));
    }

    /** Serves until killed (at most a minute): once its run directory has {@code go}, starts a thread it keeps, and collects. */
    public static final class Served {
        public static void main(String[] args) throws Exception {
            System.out.println("serving");
            System.out.flush();
            Path go = Path.of(System.getProperty("user.dir")).resolve("go");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !Files.exists(go)) {
                Thread.sleep(50);
            }
            Thread kept = new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kept-forever-1");
            kept.setDaemon(true);
            kept.start();
            System.gc();
            System.out.println("kept");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
