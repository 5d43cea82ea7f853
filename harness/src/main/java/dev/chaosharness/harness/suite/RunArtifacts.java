package dev.chaosharness.harness.suite;

import dev.chaosharness.harness.environment.JfrRepository;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import com.sun.tools.attach.VirtualMachine;
import jdk.management.jfr.FlightRecorderMXBean;

/**
 * A run's part of a shared environment's artifacts, copied into the run's directory when it is done
 * with the environment, under the names a run of its own has:
 * <ul>
 *   <li>{@code logs/<file>}: what each log of the environment gained from the run's start on (its
 *       offset at the start is the baseline);</li>
 *   <li>{@code jfr/<instance>-<n>.jfr} for the n-th start of each JVM in the run's history: a
 *       snapshot of the recording of a JVM still running, taken through the JDK's attach and JFR
 *       management APIs; the file a JVM that exited dumped, for one that did not live on.</li>
 * </ul>
 */
final class RunArtifacts {

    private static final String FLIGHT_RECORDING = "-XX:StartFlightRecording=filename=";

    private final Path environmentDir;
    private final Map<Path, Long> logOffsets = new LinkedHashMap<>();

    private RunArtifacts(Path environmentDir) {
        this.environmentDir = environmentDir;
    }

    /** Marks where each log of the environment in {@code environmentDir} stands now. */
    static RunArtifacts markedAt(Path environmentDir) {
        RunArtifacts artifacts = new RunArtifacts(environmentDir);
        for (Path log : logs(environmentDir)) {
            try {
                artifacts.logOffsets.put(log, Files.size(log));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + log, e);
            }
        }
        return artifacts;
    }

    /** Copies the run's part into {@code runDir}; {@code running} says whether a pid still runs. */
    void copyInto(Path runDir, LongPredicate running, Consumer<String> progress) {
        int logs = copyLogs(runDir);
        List<String> recordings = copyRecordings(runDir, running);
        progress.accept("environment (shared): the run's part copied into its directory: " + logs + " log segments, "
                + recordings.size() + " JFR recordings " + recordings);
    }

    private int copyLogs(Path runDir) {
        int copied = 0;
        for (Path log : logs(environmentDir)) {
            Path target = runDir.resolve(environmentDir.relativize(log).toString());
            try {
                Files.createDirectories(target.getParent());
                try (InputStream in = Files.newInputStream(log); OutputStream out = Files.newOutputStream(target)) {
                    in.skipNBytes(logOffsets.getOrDefault(log, 0L));
                    in.transferTo(out);
                }
                copied++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the run's part of " + log + " to " + target, e);
            }
        }
        return copied;
    }

    private static List<String> copyRecordings(Path runDir, LongPredicate running) {
        Map<String, Integer> starts = new LinkedHashMap<>();
        List<String> copied = new ArrayList<>();
        if (!dev.chaosharness.harness.history.RunHistory.exists(runDir)) {
            return copied;
        }
        for (HistoryEvent.ProcessStarted start : HistoryReader.ofType(HistoryReader.readContext(runDir),
                HistoryEvent.ProcessStarted.class)) {
            if (start.role().equals("kafka") || !start.jvm()) {
                continue;
            }
            int n = starts.merge(start.name(), 1, Integer::sum);
            Path target = runDir.resolve("jfr").resolve(start.name() + "-" + n + ".jfr");
            try {
                Files.createDirectories(target.getParent());
                if (running.test(start.pid())) {
                    snapshot(start.pid(), target);
                    copied.add(target.getFileName() + " (snapshot)");
                } else {
                    Path dumped = dumpedAtExit(start);
                    if (dumped != null && Files.isRegularFile(dumped) && Files.size(dumped) > 0) { // a SIGKILLed JVM's file stays empty
                        Files.copy(dumped, target, StandardCopyOption.REPLACE_EXISTING);
                        copied.add(target.getFileName() + " (dumped at exit)");
                    } else if (dumped != null) {
                        copyChunks(dumped.getParent(), start.pid(), runDir.resolve("jfr")).ifPresent(copied::add);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // JfrProbe then writes the probe gap for the missing file
                copied.add(target.getFileName() + " missing: " + e.getMessage());
            }
        }
        return copied;
    }

    /**
     * The recording of a running JVM so far, as a file: its local management agent (started through
     * the attach API if not running), then a snapshot of its recordings copied out by
     * {@link FlightRecorderMXBean}. No library wraps this; jcmd would start a JVM per dump.
     */
    static void snapshot(long pid, Path target) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to pid " + pid + ": " + e.getMessage(), e);
        }
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                FlightRecorderMXBean recorder = ManagementFactory.newPlatformMXBeanProxy(
                        connector.getMBeanServerConnection(), "jdk.management.jfr:type=FlightRecorder", FlightRecorderMXBean.class);
                long snapshot = recorder.takeSnapshot();
                try {
                    recorder.copyTo(snapshot, target.toAbsolutePath().toString());
                } finally {
                    recorder.closeRecording(snapshot);
                }
            }
        } finally {
            vm.detach();
        }
    }

    /** The chunks a killed JVM's JFR left ({@link JfrRepository}), copied where JfrProbe reads them. */
    private static Optional<String> copyChunks(Path environmentJfrDir, long pid, Path runJfrDir) throws IOException {
        Optional<Path> folder = JfrRepository.folderOf(environmentJfrDir, pid);
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        Path target = runJfrDir.resolve(environmentJfrDir.relativize(folder.get()));
        Files.createDirectories(target);
        for (Path chunk : JfrRepository.chunksOf(environmentJfrDir, pid)) {
            Files.copy(chunk, target.resolve(chunk.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return Optional.of(runJfrDir.getParent().relativize(target) + " (chunks of killed pid " + pid + ")");
    }

    /** The file the JVM's command line told JFR to dump at exit, if it names one. */
    private static Path dumpedAtExit(HistoryEvent.ProcessStarted start) {
        for (String arg : start.command()) {
            if (arg.startsWith(FLIGHT_RECORDING)) {
                return Path.of(arg.substring(FLIGHT_RECORDING.length()).split(",", 2)[0]);
            }
        }
        return null;
    }

    private static List<Path> logs(Path environmentDir) {
        List<Path> logs = new ArrayList<>();
        for (String dir : List.of("logs", "kafka")) {
            Path folder = environmentDir.resolve(dir);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".log") && Files.isRegularFile(f)).sorted()
                        .forEach(logs::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return logs;
    }
}
