package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stop-the-world GC pauses of each service JVM, from JFR: the longest pause at most
 * {@code maxPauseMs}, the share of any {@code windowMs} spent paused at most {@code maxShare}, at
 * most {@code maxFullGcs} full GCs. A JVM with no judged pause PASSes only when its recording is
 * shown to have run while it served (JFR thread samples in its judged time): a light service may
 * well not collect at all. With neither pauses nor samples it is UNKNOWN, never PASS.
 *
 * <p>Each JVM (each pid: an instance a fault restarts is a new one) is judged only while it serves
 * the load: from the moment it was ready (its {@code process-ready} event) until the load ended.
 * While JVMs boot at once, CPU contention stretches young pauses that say nothing about the service
 * under load (on two cores, containers booting together showed 200-600 ms), and a JVM shutting
 * down after the load may collect fully: those pauses are counted in the summary and the evidence,
 * not judged. A history without {@code process-ready} events (an older run) is judged from the
 * moment the environment was up. The full collections the harness itself asks for to measure the
 * live set (cause "Diagnostic Command", {@code probe.LiveSetProbe}) are never judged.
 */
public final class GcPauseCheck implements Check {

    public static final String NAME = "GcPauseCheck";
    /** JFR's cause of a collection asked for through {@code jcmd GC.run}. */
    static final String DIAGNOSTIC_COMMAND = "Diagnostic Command";

    private final double maxPauseMs;
    private final double maxShare;
    private final long windowMs;
    private final int maxFullGcs;
    private final List<String> jvmServices;

    /** {@code jvmServices}: whose instances to judge; empty: every service's. */
    public GcPauseCheck(double maxPauseMs, double maxShare, long windowMs, int maxFullGcs, List<String> jvmServices) {
        this.maxPauseMs = maxPauseMs;
        this.maxShare = maxShare;
        this.windowMs = windowMs;
        this.maxFullGcs = maxFullGcs;
        this.jvmServices = List.copyOf(jvmServices);
    }

    public GcPauseCheck() {
        this(200, 0.05, 10_000, 0, List.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "max pause <= " + fmt(maxPauseMs) + " ms, paused <= " + fmt(maxShare * 100)
                + "% of any " + windowMs / 1000 + " s, full GCs <= " + maxFullGcs;
        ServingTime serving = ServingTime.of(run);
        Map<String, List<HistoryEvent.GcPause>> byInstance = run.all(HistoryEvent.GcPause.class).stream()
                .filter(p -> !askedByHarness(p))
                .collect(Collectors.groupingBy(HistoryEvent.GcPause::instance, TreeMap::new, Collectors.toList()));
        Map<String, Long> samplesByInstance = run.all(HistoryEvent.ThreadCount.class).stream()
                .filter(t -> serving.judged(t.pid(), t.atMs()))
                .collect(Collectors.groupingBy(HistoryEvent.ThreadCount::instance, Collectors.counting()));
        List<CheckResult> results = new ArrayList<>();
        for (String service : JudgedJvms.notJvms(run, jvmServices)) {
            results.add(CheckResult.notApplicable(NAME, service, threshold, JudgedJvms.whyNotJudged(run, service)));
        }
        for (String service : JudgedJvms.instances(run, jvmServices)) {
            List<HistoryEvent.GcPause> all = byInstance.getOrDefault(service, List.of());
            List<HistoryEvent.GcPause> judged = all.stream().filter(p -> serving.judged(p.pid(), p.atMs())).toList();
            NotJudged notJudged = NotJudged.of(all, serving);
            long samples = samplesByInstance.getOrDefault(service, 0L);
            results.add(!judged.isEmpty() ? judge(service, judged, threshold, notJudged)
                    : samples > 0 ? noCollection(service, threshold, samples, notJudged)
                    : CheckResult.unknown(NAME, service, threshold, "no GC pause observed while it served the load"
                            + " (no JFR recording, or no GC ran)" + notJudged.note()));
        }
        if (results.isEmpty()) {
            results.add(CheckResult.unknown(NAME, "services", threshold, "no service process in the history"));
        }
        return results;
    }

    /** The pauses of an instance outside its judged time: while it started, and after the load. */
    private record NotJudged(List<HistoryEvent.GcPause> starting, List<HistoryEvent.GcPause> afterLoad) {

        static NotJudged of(List<HistoryEvent.GcPause> all, ServingTime serving) {
            return new NotJudged(all.stream().filter(p -> serving.starting(p.pid(), p.atMs())).toList(),
                    all.stream().filter(p -> serving.afterLoad(p.atMs())).toList());
        }

        String note() {
            return part(starting, "while it started (or restarted)") + part(afterLoad, "after the load ended");
        }

        List<HistoryEvent.GcPause> all() {
            return java.util.stream.Stream.concat(starting.stream(), afterLoad.stream()).toList();
        }

        private static String part(List<HistoryEvent.GcPause> pauses, String when) {
            return pauses.isEmpty() ? "" : "; " + pauses.size() + " pauses " + when + ", not judged (longest "
                    + fmt(pauses.stream().mapToDouble(HistoryEvent.GcPause::longestPauseMs).max().orElse(0)) + " ms)";
        }
    }

    private CheckResult judge(String service, List<HistoryEvent.GcPause> pauses, String threshold, NotJudged notJudged) {
        HistoryEvent.GcPause longest = pauses.stream().max(Comparator.comparingDouble(HistoryEvent.GcPause::longestPauseMs)).orElseThrow();
        List<HistoryEvent.GcPause> full = pauses.stream().filter(GcPauseCheck::isFull).toList();
        double worstShare = worstShare(pauses);
        boolean fail = longest.longestPauseMs() > maxPauseMs || worstShare > maxShare || full.size() > maxFullGcs;
        List<Map<String, Object>> evidence = new ArrayList<>();
        pauses.stream().sorted(Comparator.comparingDouble(HistoryEvent.GcPause::longestPauseMs).reversed()).limit(10)
                .forEach(p -> evidence.add(pauseEvidence(p, true)));
        full.stream().filter(p -> evidence.stream().noneMatch(e -> e.get("gcId").equals(p.gcId())))
                .forEach(p -> evidence.add(pauseEvidence(p, true)));
        notJudged.all().stream().sorted(Comparator.comparingDouble(HistoryEvent.GcPause::longestPauseMs).reversed()).limit(5)
                .forEach(p -> evidence.add(pauseEvidence(p, false)));
        String measured = "max pause " + fmt(longest.longestPauseMs()) + " ms, worst share " + fmt(worstShare * 100)
                + "%, " + full.size() + " full GCs, " + pauses.size() + " collections";
        String summary = (fail
                ? reasons(longest, worstShare, full)
                : pauses.size() + " collections while it served the load, all within bounds") + notJudged.note();
        return new CheckResult(NAME, service, fail ? Verdict.FAIL : Verdict.PASS, measured, threshold, summary, evidence)
                .withFigures("max GC pause ms", longest.longestPauseMs(), "paused share %", worstShare * 100,
                        "full GCs", full.size());
    }

    private static CheckResult noCollection(String service, String threshold, long samples, NotJudged notJudged) {
        return new CheckResult(NAME, service, Verdict.PASS, "max pause 0.0 ms, worst share 0.0%, 0 full GCs, 0 collections",
                threshold, "no collection while it served the load; the JFR recording ran all along ("
                        + samples + " thread samples)" + notJudged.note(), List.of())
                .withFigures("max GC pause ms", 0.0, "paused share %", 0.0, "full GCs", 0);
    }

    private String reasons(HistoryEvent.GcPause longest, double worstShare, List<HistoryEvent.GcPause> full) {
        List<String> reasons = new ArrayList<>();
        if (longest.longestPauseMs() > maxPauseMs) {
            reasons.add("a " + fmt(longest.longestPauseMs()) + " ms pause (" + longest.name() + ", " + longest.cause() + ")");
        }
        if (worstShare > maxShare) {
            reasons.add(fmt(worstShare * 100) + "% of a " + windowMs / 1000 + " s window paused");
        }
        if (full.size() > maxFullGcs) {
            reasons.add(full.size() + " full GCs (" + full.get(0).cause() + ")");
        }
        return String.join("; ", reasons);
    }

    /** The largest share of a sliding window (anchored at each pause) spent in pauses. */
    private double worstShare(List<HistoryEvent.GcPause> pauses) {
        List<HistoryEvent.GcPause> sorted = pauses.stream().sorted(Comparator.comparingLong(HistoryEvent.GcPause::atMs)).toList();
        double worst = 0;
        for (int i = 0; i < sorted.size(); i++) {
            double paused = 0;
            long end = sorted.get(i).atMs() + windowMs;
            for (int j = i; j < sorted.size() && sorted.get(j).atMs() < end; j++) {
                paused += sorted.get(j).sumOfPausesMs();
            }
            worst = Math.max(worst, paused / windowMs);
        }
        return worst;
    }

    /** A collection the harness asked for ({@code GC.run}), not one the JVM needed. */
    static boolean askedByHarness(HistoryEvent.GcPause pause) {
        return DIAGNOSTIC_COMMAND.equals(pause.cause());
    }

    static boolean isFull(HistoryEvent.GcPause pause) {
        String name = pause.name();
        return name.contains("Full") || name.equals("SerialOld") || name.equals("ParallelOld");
    }

    private static Map<String, Object> pauseEvidence(HistoryEvent.GcPause pause, boolean judged) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", judged ? "gc-pause" : "gc-pause-not-judged");
        evidence.put("gcId", pause.gcId());
        evidence.put("atMs", pause.atMs());
        evidence.put("name", pause.name());
        evidence.put("cause", pause.cause());
        evidence.put("longestPauseMs", pause.longestPauseMs());
        evidence.put("sumOfPausesMs", pause.sumOfPausesMs());
        evidence.put("pid", pause.pid());
        return evidence;
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
