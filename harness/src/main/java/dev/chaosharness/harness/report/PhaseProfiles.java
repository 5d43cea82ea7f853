package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.Phases;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import one.convert.Arguments;
import one.convert.FlameGraph;

/**
 * Where each service JVM spent its CPU in each phase of the run (before faults, each fault window,
 * recovering, after): a flame graph per recording and phase, from the JDK's own execution samples
 * in the JVM's JFR recording ({@code jdk.ExecutionSample}, every 20 ms of a running thread with JFR's
 * default settings), written to {@code profiles/<recording>/<phase>.html} and linked from the page
 * with each phase's hottest frames beside the steady state's. A JVM declared with {@code profile:}
 * also has async-profiler's recording ({@code profiler/<recording>-wall.jfr}: every thread's
 * wall-clock samples, waiting ones too), cut the same way.
 *
 * <p>The flame graphs are async-profiler's ({@code tools.profiler:jfr-converter}: a self-contained
 * page, nothing loaded from another host). Its converter takes one time range per pass over a
 * recording, so the samples are read once here with {@code jdk.jfr.consumer}, put into each phase's
 * stacks, and each phase's stacks handed to its {@link FlameGraph}.
 */
final class PhaseProfiles {

    static final String DIRECTORY = "profiles";
    /** The recordings read: every JVM's JFR, and async-profiler's of a JVM declared with {@code profile:}. */
    private static final List<String> RECORDINGS = List.of("jfr", "profiler");
    /** The sample events, each with what its flame graph shows: the JDK's and async-profiler's. */
    private static final Map<String, String> SAMPLES = Map.of("jdk.ExecutionSample", "CPU samples",
            "profiler.WallClockSample", "wall-clock samples", "jdk.ObjectAllocationInNewTLAB", "allocation samples",
            "jdk.ObjectAllocationOutsideTLAB", "allocation samples");
    private static final int TOP_FRAMES = 3;
    /** A thread that waited to enter a monitor, or parked (a lock, a pool, a queue): JFR records those over 20 ms by default. */
    private static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    private static final String PARK = "jdk.ThreadPark";

    /**
     * One phase of one recording: its flame graph (relative to the run directory; empty without samples),
     * samples and hottest frames; and how long its threads waited to enter monitors and parked (JFR's
     * events over 20 ms), with the code that waited longest.
     */
    record Profile(String recording, String phase, String link, long samples, List<String> topFrames, long monitorMs,
                   long parkedMs, List<String> topBlocking) {
    }

    private PhaseProfiles() {
    }

    /** Writes every recording's flame graphs, one per phase it has samples in; a recording that cannot be read is skipped. */
    static List<Profile> write(Path runDir, List<Phases.Phase> phases) {
        List<Profile> profiles = new ArrayList<>();
        for (String directory : RECORDINGS) {
            Path recordings = runDir.resolve(directory);
            if (!Files.isDirectory(recordings) || phases.isEmpty()) {
                continue;
            }
            try (Stream<Path> files = Files.list(recordings)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jfr")).sorted().toList()) {
                    profiles.addAll(write(runDir, file, phases));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + recordings, e);
            }
        }
        return profiles;
    }

    /** What one recording shows of one phase. */
    private static final class PhaseSamples {
        final Map<String, Long> stacks = new HashMap<>();
        final Map<String, Long> javaLeaves = new HashMap<>();
        final Map<String, Long> blockingMsByFrame = new HashMap<>();
        long monitorMs;
        long parkedMs;
    }

    private static List<Profile> write(Path runDir, Path recording, List<Phases.Phase> phases) {
        List<PhaseSamples> byPhase = new ArrayList<>();
        phases.forEach(phase -> byPhase.add(new PhaseSamples()));
        String kind = "samples";
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                String sampled = SAMPLES.get(type);
                boolean blocked = (type.equals(MONITOR_ENTER) || type.equals(PARK)) && !idleWorker(event);
                if ((sampled == null && !blocked) || event.getStackTrace() == null) {
                    continue;
                }
                int phase = phaseOf(phases, event.getStartTime().toEpochMilli());
                if (phase < 0) {
                    continue;
                }
                PhaseSamples samples = byPhase.get(phase);
                if (sampled != null) {
                    kind = sampled;
                    samples.stacks.merge(collapsed(event), weight(event), Long::sum);
                    samples.javaLeaves.merge(javaLeaf(event), weight(event), Long::sum);
                } else {
                    long ms = event.getDuration().toMillis();
                    if (type.equals(MONITOR_ENTER)) {
                        samples.monitorMs += ms;
                    } else {
                        samples.parkedMs += ms;
                    }
                    samples.blockingMsByFrame.merge(blockingFrame(event), ms, Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // a recording cut short (a JVM killed while it wrote): the page says nothing of it
        }
        String name = recording.getFileName().toString().replaceFirst("\\.jfr$", "");
        List<Profile> profiles = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            PhaseSamples samples = byPhase.get(i);
            if (!samples.stacks.isEmpty() || !samples.blockingMsByFrame.isEmpty()) {
                profiles.add(render(runDir, name, kind, i, phases.get(i), samples));
            }
        }
        return profiles;
    }

    private static int phaseOf(List<Phases.Phase> phases, long atMs) {
        for (int i = 0; i < phases.size(); i++) {
            if (atMs >= phases.get(i).fromMs() && atMs < phases.get(i).toMs()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A pool's worker waiting for its next task ({@code getTask} of a {@code ThreadPoolExecutor}, the
     * JDK's or Tomcat's; a ForkJoinPool's {@code awaitWork}): idle, not held up, so not counted.
     */
    private static boolean idleWorker(RecordedEvent event) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream().anyMatch(frame -> {
            String method = frame.getMethod().getName();
            String type = frame.getMethod().getType().getName();
            return method.equals("getTask") && type.endsWith("ThreadPoolExecutor")
                    || method.equals("awaitWork") && type.endsWith("ForkJoinPool");
        });
    }

    /** The innermost frame of the code that waited: below the JDK's own lock and park frames, the caller that asked for it. */
    private static String blockingFrame(RecordedEvent event) {
        return event.getStackTrace().getFrames().stream().filter(PhaseProfiles::isJava)
                .map(frame -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
                .filter(method -> !method.startsWith("java.") && !method.startsWith("jdk.") && !method.startsWith("sun."))
                .findFirst().orElse("(the JDK)");
    }

    /** async-profiler writes an idle thread's samples as one event with their count ({@code samples}); the JDK's are one each. */
    private static long weight(RecordedEvent sample) {
        return sample.hasField("samples") ? Math.max(1, sample.getLong("samples")) : 1;
    }

    /** The stack as one line, outermost frame first, as the converter's collapsed format has it. */
    private static String collapsed(RecordedEvent sample) {
        List<RecordedFrame> frames = sample.getStackTrace().getFrames();
        StringBuilder line = new StringBuilder();
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame frame = frames.get(i);
            if (line.length() > 0) {
                line.append(';');
            }
            line.append(frame.getMethod().getType().getName()).append('.').append(frame.getMethod().getName());
        }
        return line.toString();
    }

    private static Profile render(Path runDir, String recording, String kind, int index, Phases.Phase phase,
                                  PhaseSamples samples) {
        String link = "";
        if (!samples.stacks.isEmpty()) {
            link = DIRECTORY + "/" + recording + "/" + String.format(Locale.ROOT, "%02d-%s.html", index + 1, slug(phase.name()));
            writeFlameGraph(runDir.resolve(link), recording + ": " + phase.name() + " (" + kind + ")", samples.stacks);
        }
        long count = samples.stacks.values().stream().mapToLong(Long::longValue).sum();
        List<String> blocking = samples.blockingMsByFrame.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_FRAMES).map(e -> e.getKey() + " " + e.getValue() + " ms").toList();
        return new Profile(recording, phase.name(), link, count, topFrames(samples.javaLeaves), samples.monitorMs,
                samples.parkedMs, blocking);
    }

    private static void writeFlameGraph(Path file, String title, Map<String, Long> stacks) {
        FlameGraph graph = new FlameGraph(new Arguments("--title", title));
        String text = stacks.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
        try {
            graph.parseCollapsed(new StringReader(text));
            Files.createDirectories(file.getParent());
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
                graph.dump(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The innermost Java frame of a sample: a wall-clock sample of a waiting thread ends in the C
     * library's wait (futex, epoll), the same for every waiter; the Java method that waits says which.
     */
    private static String javaLeaf(RecordedEvent sample) {
        return sample.getStackTrace().getFrames().stream().filter(PhaseProfiles::isJava).findFirst()
                .map(frame -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName()).orElse("(native)");
    }

    /**
     * A frame of a Java method: async-profiler marks its C, C++ and kernel frames as Java frames too
     * ({@code isJavaFrame}), with their library as the type ({@code libc.so.6}) and the type "Native" or "C++".
     */
    private static boolean isJava(RecordedFrame frame) {
        String type = frame.getType();
        return !"C++".equals(type) && !"Kernel".equals(type)
                && !("Native".equals(type) && frame.getMethod().getType().getName().contains(".so"));
    }

    /** The frames the most samples ended in ({@code byLeaf}: samples by innermost Java frame), with their share of the phase's samples. */
    static List<String> topFrames(Map<String, Long> byLeaf) {
        long total = Math.max(1, byLeaf.values().stream().mapToLong(Long::longValue).sum());
        return byLeaf.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_FRAMES).map(e -> e.getKey() + " " + Math.round(100.0 * e.getValue() / total) + "%").toList();
    }

    private static String slug(String phase) {
        String slug = phase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 60 ? slug.substring(0, 60) : slug;
    }

    /** The page's section: per recording, each phase's samples, flame graph and hottest frames, beside the first phase's. */
    static void render(StringBuilder out, List<Profile> profiles) {
        if (profiles.isEmpty()) {
            return;
        }
        out.append("<section><h2>Profiles</h2><p class=\"hint\">Where each service JVM spent its time in each phase: the JDK's "
                + "execution samples from its JFR recording (a running thread every 20 ms: CPU), and for a JVM declared with "
                + "<code>profile:</code> async-profiler's (recordings named <code>-wall</code>: every thread, waiting ones too). "
                + "A phase's name opens its flame graph (async-profiler's); the hottest frames are those the most samples ended "
                + "in, beside the same JVM's in its first phase (the steady state before faults). "
                + "Waiting: the time its threads spent entering monitors and parked (JFR's events over 20 ms: a lock, a "
                + "connection pool, a slow call), with the code that waited longest; a pool's idle workers waiting for work "
                + "are not counted.</p>\n"
                + "<table id=\"profiles\"><thead><tr><th>recording</th><th>phase</th><th>samples</th><th>hottest frames</th>"
                + "<th>in its first phase</th><th>waiting (monitors / parked)</th></tr></thead><tbody>\n");
        Map<String, Profile> first = new LinkedHashMap<>();
        profiles.forEach(p -> first.putIfAbsent(p.recording(), p));
        for (Profile profile : profiles) {
            Profile steady = first.get(profile.recording());
            out.append("<tr><td>").append(Html.esc(profile.recording())).append("</td><td>")
                    .append(profile.link().isEmpty() ? Html.esc(profile.phase()) : "<a href=\"" + Html.esc(profile.link()) + "\">"
                            + Html.esc(profile.phase()) + "</a>").append("</td><td>")
                    .append(profile.samples()).append("</td><td>").append(Html.esc(String.join(", ", profile.topFrames())))
                    .append("</td><td>").append(steady == profile ? "" : Html.esc(String.join(", ", steady.topFrames())))
                    .append("</td><td>").append(profile.monitorMs()).append(" / ").append(profile.parkedMs()).append(" ms")
                    .append(profile.topBlocking().isEmpty() ? "" : ": " + Html.esc(String.join(", ", profile.topBlocking())))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");
    }
}
