package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.environment.JfrRepository;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the JFR recording each service JVM dumped at exit ({@code jfr/<instance>-<start>.jfr}; in a
 * shared environment, the snapshot or dump {@code suite.RunArtifacts} copied there) and writes, from
 * the run's start on, its garbage collections, live-thread counts and the threads started during the load that
 * never ended (with what each was doing at exit) to the history. A JVM that was killed
 * with SIGKILL dumped nothing; that start is written as a probe gap, not silently skipped.
 */
public final class JfrProbe implements Probe {

    /**
     * JFR counts live threads once a second (its default settings): the JVMs stay up this long after
     * the load, so each counts once after it (ThreadLeakCheck's "after"); the margin is for two
     * shared cores that stall.
     */
    static final Duration COUNT_AFTER_LOAD = Duration.ofMillis(1500);

    private final ProbeContext run;

    public JfrProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void readAfterLoad() {
        List<HistoryEvent> events = HistoryReader.readContext(run.runDir());
        boolean recordsHere = HistoryReader.ofType(events, HistoryEvent.ProcessStarted.class).stream()
                .anyMatch(p -> !p.role().equals("kafka") && p.jvm() && !p.attached());
        long waitMs = HistoryReader.ofType(events, HistoryEvent.LoadFinished.class).stream().findFirst()
                .map(end -> end.atMs() + COUNT_AFTER_LOAD.toMillis() - System.currentTimeMillis()).orElse(0L);
        if (!recordsHere || waitMs <= 0) {
            return;
        }
        run.progress().accept("probes: " + waitMs + " ms more for each JVM to count its live threads after the load"
                + " (JFR counts once a second)");
        try {
            Thread.sleep(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // an interrupted run goes on to stop; its "after" may be missing
        }
    }

    @Override
    public void readAfterEnvironment() {
        run.progress().accept("probes: " + record(run.runDir(), run.history()) + " GC and thread events from the JFR recordings");
    }

    /** Reads every recording of the run; returns how many events it wrote. */
    public static int record(Path runDir, RunHistory history) {
        List<HistoryEvent> events = HistoryReader.readContext(runDir);
        Map<String, List<HistoryEvent.ProcessStarted>> startsByInstance = HistoryReader
                .ofType(events, HistoryEvent.ProcessStarted.class).stream()
                .filter(p -> !p.role().equals("kafka") && p.jvm()) // a service that is no JVM leaves no recording
                .filter(p -> !p.attached()) // an attached JVM's JFR is streamed (RemoteJfrProbe)
                .collect(Collectors.groupingBy(HistoryEvent.ProcessStarted::name));
        long loadStartMs = HistoryReader.ofType(events, HistoryEvent.LoadStarted.class).stream()
                .map(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
        long loadEndMs = HistoryReader.ofType(events, HistoryEvent.LoadFinished.class).stream()
                .map(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
        // a JVM of a shared environment was recorded since its start, before this run began
        long runStartMs = HistoryReader.ofType(events, HistoryEvent.RunStarted.class).stream()
                .map(HistoryEvent::atMs).findFirst().orElse(Long.MIN_VALUE);
        Map<Long, Long> readyAtByPid = HistoryReader.ofType(events, HistoryEvent.ProcessReady.class).stream()
                .collect(Collectors.toMap(HistoryEvent.ProcessReady::pid, HistoryEvent::atMs, Math::max));
        int written = 0;
        for (Map.Entry<String, List<HistoryEvent.ProcessStarted>> entry : startsByInstance.entrySet()) {
            List<HistoryEvent.ProcessStarted> starts = entry.getValue();
            for (int i = 0; i < starts.size(); i++) {
                Path file = runDir.resolve("jfr").resolve(entry.getKey() + "-" + (i + 1) + ".jfr");
                long pid = starts.get(i).pid();
                // threads a restarted JVM starts on its way up are its start, not a leak
                long sinceMs = Math.max(loadStartMs, readyAtByPid.getOrDefault(pid, starts.get(i).atMs()));
                written += recordFile(runDir, file, entry.getKey(), pid, new ThreadLifetimes(sinceMs, loadEndMs), runStartMs,
                        history);
            }
        }
        return written;
    }

    private static int recordFile(Path runDir, Path file, String instance, long pid, ThreadLifetimes threads, long sinceMs,
                                  RunHistory history) {
        boolean dumped = Files.isRegularFile(file) && file.toFile().length() > 0; // a SIGKILLed JVM's file stays empty
        List<Path> sources = dumped ? List.of(file) : JfrRepository.chunksOf(runDir.resolve("jfr"), pid);
        if (sources.isEmpty()) {
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "jfr", instance,
                    "no recording for pid " + pid + " (" + file.getFileName() + "): the JVM did not exit normally"));
            return 0;
        }
        List<HistoryEvent> found = new ArrayList<>();
        JvmIdentity identity = new JvmIdentity();
        long lastEventMs = Long.MIN_VALUE;
        for (Path source : sources) {
            try (RecordingFile recording = new RecordingFile(source)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    lastEventMs = Math.max(lastEventMs, event.getEndTime().toEpochMilli());
                    threads.accept(event);
                    identity.accept(event);
                    // other events stay in the .jfr file for whoever opens it
                    gcOrThreadCount(event, instance, pid).ifPresent(found::add);
                }
            } catch (IOException e) {
                if (dumped) {
                    history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "jfr", instance,
                            "cannot read " + file.getFileName() + ": " + e.getMessage()));
                    return 0;
                }
                // a killed JVM's last chunk ends at its last flush: the events before it still count
            }
        }
        if (!dumped) {
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "jfr", instance, "pid " + pid
                    + " did not exit normally: its recording was read from the chunks its JFR left ("
                    + runDir.relativize(sources.get(0).getParent()) + "), up to " + (lastEventMs == Long.MIN_VALUE ? "nothing"
                    : java.time.Instant.ofEpochMilli(lastEventMs)) + "; its last second and a thread dump at exit are missing"));
        }
        // the live-thread count just before the run stays: the count the run's "before" compares with
        long lastCountBeforeMs = found.stream().filter(e -> e instanceof HistoryEvent.ThreadCount && e.atMs() < sinceMs)
                .mapToLong(HistoryEvent::atMs).max().orElse(Long.MIN_VALUE);
        found.removeIf(event -> event.atMs() < sinceMs
                && !(event instanceof HistoryEvent.ThreadCount && event.atMs() == lastCountBeforeMs));
        if (dumped) {
            found.addAll(threads.lingering(instance, pid)); // which threads lived on needs the dump at exit
        }
        identity.runtime(instance, pid).ifPresent(found::add); // the JVM's start: before the run, and kept
        found.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
        found.forEach(history::append);
        return found.size();
    }

    /** A garbage collection or a live-thread count of the JVM, as the history writes it. */
    static java.util.Optional<HistoryEvent> gcOrThreadCount(RecordedEvent event, String instance, long pid) {
        return switch (event.getEventType().getName()) {
            case "jdk.GarbageCollection" -> java.util.Optional.of(new HistoryEvent.GcPause(
                    event.getStartTime().toEpochMilli(), instance, pid, event.getInt("gcId"),
                    event.getString("name"), event.getString("cause"),
                    millis(event.getDuration("sumOfPauses")), millis(event.getDuration("longestPause"))));
            case "jdk.JavaThreadStatistics" -> java.util.Optional.of(new HistoryEvent.ThreadCount(
                    event.getStartTime().toEpochMilli(), instance, pid, event.getLong("activeCount"),
                    event.getLong("daemonCount")));
            case "jdk.GCHeapSummary" -> java.util.Optional.of(new HistoryEvent.HeapSummary(
                    event.getStartTime().toEpochMilli(), instance, pid, event.getInt("gcId"),
                    "After GC".equals(event.getString("when")), event.getLong("heapUsed")));
            case "jdk.OldObjectSample" -> java.util.Optional.of(oldObject(event, instance, pid));
            default -> java.util.Optional.empty();
        };
    }

    /** Frames of an old object's allocation stack kept in the history: enough to name the code that holds it. */
    private static final int OLD_OBJECT_FRAMES = 8;

    private static HistoryEvent.OldObjectSampled oldObject(RecordedEvent event, String instance, long pid) {
        jdk.jfr.consumer.RecordedObject object = event.getValue("object");
        jdk.jfr.consumer.RecordedClass type = object == null ? null : object.getValue("type");
        List<String> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames().stream()
                .filter(jdk.jfr.consumer.RecordedFrame::isJavaFrame).limit(OLD_OBJECT_FRAMES)
                .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
        return new HistoryEvent.OldObjectSampled(event.getInstant("allocationTime").toEpochMilli(), instance, pid,
                type == null ? "?" : javaName(type.getName()), event.getInt("arrayElements"), frames);
    }

    /** {@code byte[]} for JFR's {@code [B}, {@code java.lang.String[]} for {@code [Ljava.lang.String;}. */
    static String javaName(String binaryName) {
        if (!binaryName.startsWith("[")) {
            return binaryName;
        }
        String element = binaryName.substring(1);
        String name = switch (element.charAt(0)) {
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            case 'Z' -> "boolean";
            case 'L' -> element.substring(1, element.length() - 1);
            default -> javaName(element);
        };
        return name + "[]";
    }

    /** Which Java a JVM ran on, from the properties and JVM information its recording starts each chunk with. */
    static final class JvmIdentity {

        private final Map<String, String> properties = new java.util.HashMap<>();
        private String vmName = "";
        private String vmVersion = "";
        private long startMs = -1;

        void accept(RecordedEvent event) {
            switch (event.getEventType().getName()) {
                case "jdk.InitialSystemProperty" -> properties.putIfAbsent(event.getString("key"), event.getString("value"));
                case "jdk.JVMInformation" -> {
                    if (startMs < 0) {
                        vmName = event.getString("jvmName");
                        vmVersion = event.getString("jvmVersion");
                        startMs = event.getInstant("jvmStartTime").toEpochMilli();
                    }
                }
                default -> {
                }
            }
        }

        /** Empty when the recording holds neither (a recording that was cut before its first chunk ended). */
        java.util.Optional<HistoryEvent.JvmRuntime> runtime(String instance, long pid) {
            // the JVM's own properties: java.runtime.version and java.vendor are set later, by the class library
            String version = properties.getOrDefault("java.vm.version", vmVersion);
            if (version.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new HistoryEvent.JvmRuntime(Math.max(startMs, 0), instance, pid, version,
                    properties.getOrDefault("java.vm.vendor", ""),
                    properties.getOrDefault("java.vm.name", vmName)));
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
