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
 * {@code maxPauseMs}, the share of any {@code windowMs} spent paused at most {@code maxShare}, no
 * full GC. A JVM with no pause once the environment was ready PASSes only when its recording is
 * shown to have run through the load (JFR thread samples after the environment was ready): a light
 * service may well not collect at all. With neither pauses nor samples it is UNKNOWN, never PASS.
 *
 * <p>Judged from the moment the environment is ready: while every JVM of the environment boots at
 * once, CPU contention stretches young pauses that say nothing about the service under load (on
 * two cores, containers booting together showed 200-600 ms). Those are counted in the summary and
 * not judged. A JVM restarted by a fault boots during the run, and its pauses are judged.
 */
public final class GcPauseCheck implements Check {

    public static final String NAME = "GcPauseCheck";

    private final double maxPauseMs;
    private final double maxShare;
    private final long windowMs;
    private final List<String> jvmServices;

    /** {@code jvmServices}: whose instances to judge; empty: every service's. */
    public GcPauseCheck(double maxPauseMs, double maxShare, long windowMs, List<String> jvmServices) {
        this.maxPauseMs = maxPauseMs;
        this.maxShare = maxShare;
        this.windowMs = windowMs;
        this.jvmServices = List.copyOf(jvmServices);
    }

    public GcPauseCheck() {
        this(200, 0.05, 10_000, List.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "max pause <= " + fmt(maxPauseMs) + " ms, paused <= " + fmt(maxShare * 100)
                + "% of any " + windowMs / 1000 + " s, no full GC";
        long readyMs = run.all(HistoryEvent.EnvironmentUp.class).stream().mapToLong(HistoryEvent::atMs).min()
                .orElse(Long.MIN_VALUE);
        Map<String, List<HistoryEvent.GcPause>> bootByInstance = run.all(HistoryEvent.GcPause.class).stream()
                .filter(p -> p.atMs() < readyMs)
                .collect(Collectors.groupingBy(HistoryEvent.GcPause::instance));
        Map<String, List<HistoryEvent.GcPause>> byInstance = run.all(HistoryEvent.GcPause.class).stream()
                .filter(p -> p.atMs() >= readyMs)
                .collect(Collectors.groupingBy(HistoryEvent.GcPause::instance, TreeMap::new, Collectors.toList()));
        Map<String, Long> samplesByInstance = run.all(HistoryEvent.ThreadCount.class).stream()
                .filter(t -> t.atMs() >= readyMs)
                .collect(Collectors.groupingBy(HistoryEvent.ThreadCount::instance, Collectors.counting()));
        List<String> services = JudgedJvms.instances(run, jvmServices);
        List<CheckResult> results = new ArrayList<>();
        for (String service : JudgedJvms.notJvms(run, jvmServices)) {
            results.add(CheckResult.unknown(NAME, service, threshold, "not a JVM: the harness records no JFR for it"));
        }
        for (String service : services) {
            List<HistoryEvent.GcPause> pauses = byInstance.getOrDefault(service, List.of());
            List<HistoryEvent.GcPause> boot = bootByInstance.getOrDefault(service, List.of());
            long samples = samplesByInstance.getOrDefault(service, 0L);
            results.add(!pauses.isEmpty() ? judge(service, pauses, threshold, boot)
                    : samples > 0 ? noCollection(service, threshold, samples, boot)
                    : CheckResult.unknown(NAME, service, threshold, "no GC pause observed once the environment was ready"
                            + " (no JFR recording, or no GC ran)" + bootNote(boot)));
        }
        if (results.isEmpty()) {
            results.add(CheckResult.unknown(NAME, "services", threshold, "no service process in the history"));
        }
        return results;
    }

    private CheckResult judge(String service, List<HistoryEvent.GcPause> pauses, String threshold,
                              List<HistoryEvent.GcPause> boot) {
        HistoryEvent.GcPause longest = pauses.stream().max(Comparator.comparingDouble(HistoryEvent.GcPause::longestPauseMs)).orElseThrow();
        List<HistoryEvent.GcPause> full = pauses.stream().filter(GcPauseCheck::isFull).toList();
        double worstShare = worstShare(pauses);
        boolean fail = longest.longestPauseMs() > maxPauseMs || worstShare > maxShare || !full.isEmpty();
        List<Map<String, Object>> evidence = new ArrayList<>();
        pauses.stream().sorted(Comparator.comparingDouble(HistoryEvent.GcPause::longestPauseMs).reversed()).limit(10)
                .forEach(p -> evidence.add(pauseEvidence(p)));
        full.stream().filter(p -> evidence.stream().noneMatch(e -> e.get("gcId").equals(p.gcId())))
                .forEach(p -> evidence.add(pauseEvidence(p)));
        String measured = "max pause " + fmt(longest.longestPauseMs()) + " ms, worst share " + fmt(worstShare * 100)
                + "%, " + full.size() + " full GCs, " + pauses.size() + " collections";
        String summary = (fail
                ? reasons(longest, worstShare, full)
                : pauses.size() + " collections, all short") + bootNote(boot);
        return new CheckResult(NAME, service, fail ? Verdict.FAIL : Verdict.PASS, measured, threshold, summary, evidence)
                .withFigures("max GC pause ms", longest.longestPauseMs(), "paused share %", worstShare * 100,
                        "full GCs", full.size());
    }

    private static CheckResult noCollection(String service, String threshold, long samples,
                                            List<HistoryEvent.GcPause> boot) {
        return new CheckResult(NAME, service, Verdict.PASS, "max pause 0.0 ms, worst share 0.0%, 0 full GCs, 0 collections",
                threshold, "no collection once the environment was ready; the JFR recording ran all along ("
                        + samples + " thread samples)" + bootNote(boot), List.of())
                .withFigures("max GC pause ms", 0.0, "paused share %", 0.0, "full GCs", 0);
    }

    private static String bootNote(List<HistoryEvent.GcPause> boot) {
        return boot.isEmpty() ? "" : "; " + boot.size() + " pauses while the environment started, not judged (longest "
                + fmt(boot.stream().mapToDouble(HistoryEvent.GcPause::longestPauseMs).max().orElse(0)) + " ms)";
    }

    private String reasons(HistoryEvent.GcPause longest, double worstShare, List<HistoryEvent.GcPause> full) {
        List<String> reasons = new ArrayList<>();
        if (longest.longestPauseMs() > maxPauseMs) {
            reasons.add("a " + fmt(longest.longestPauseMs()) + " ms pause (" + longest.name() + ", " + longest.cause() + ")");
        }
        if (worstShare > maxShare) {
            reasons.add(fmt(worstShare * 100) + "% of a " + windowMs / 1000 + " s window paused");
        }
        if (!full.isEmpty()) {
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

    static boolean isFull(HistoryEvent.GcPause pause) {
        String name = pause.name();
        return name.contains("Full") || name.equals("SerialOld") || name.equals("ParallelOld");
    }

    private static Map<String, Object> pauseEvidence(HistoryEvent.GcPause pause) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "gc-pause");
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
