package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a service JVM holds on to more and more of what the load made: a leak. Its live set (the
 * heap in use after a full collection the harness asks for, {@code probe.LiveSetProbe}) just before
 * the load and again after the drain may grow by at most {@code maxGrowthMbPerMin} per minute of
 * load; and a full collection the JVM needed by itself while it served must free at least
 * {@code minReclaimPercent} of its heap ("old gen drops only 2% after a full GC"). The heap after
 * each young collection is shown, not judged: under steady load it rises as objects are promoted
 * until the old generation is collected, in a JVM that leaks nothing (13.8 to 35 MB in 32 s, a
 * correct service of the samples).
 *
 * <p>An attached JVM is not judged: the harness runs no full collection in a system others use.
 * A JVM is compared with itself: one a fault killed or restarted during the load has no live set
 * at both ends and is not judged. Without both measures (the runtime could not ask for a
 * collection, no JFR recording) it is UNKNOWN, never PASS. The evidence: the two measures, the heap
 * after each collection, and the classes and allocation stacks of the objects the JVM still held
 * at exit that were allocated during the load (JFR's old-object samples).
 */
public final class HeapGrowthCheck implements Check {

    public static final String NAME = "HeapGrowthCheck";
    private static final double MB = 1024.0 * 1024.0;
    private static final int HEAP_POINTS = 120;
    private static final int OLD_OBJECT_GROUPS = 8;

    private final double maxGrowthMbPerMin;
    private final double minReclaimPercent;
    private final List<String> jvmServices;

    /** {@code jvmServices}: whose instances to judge; empty: every service's. */
    public HeapGrowthCheck(double maxGrowthMbPerMin, double minReclaimPercent, List<String> jvmServices) {
        this.maxGrowthMbPerMin = maxGrowthMbPerMin;
        this.minReclaimPercent = minReclaimPercent;
        this.jvmServices = List.copyOf(jvmServices);
    }

    @Override
    public String name() {
        return NAME;
    }

    private String threshold() {
        return "live set growth <= " + GcPauseCheck.fmt(maxGrowthMbPerMin) + " MB/min of load; a full GC the JVM needed frees >= "
                + GcPauseCheck.fmt(minReclaimPercent) + "%";
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        List<CheckResult> results = new ArrayList<>();
        for (String service : JudgedJvms.notJvms(run, jvmServices)) {
            results.add(CheckResult.notApplicable(NAME, service, threshold(), JudgedJvms.whyNotJudged(run, service)));
        }
        Optional<Long> loadStart = run.loadStartMs();
        Optional<Long> loadEnd = run.loadEndMs();
        for (String instance : JudgedJvms.instances(run, jvmServices)) {
            results.add(loadStart.isEmpty() || loadEnd.isEmpty()
                    ? CheckResult.unknown(NAME, instance, threshold(), "the load did not run to its end: no live set after it")
                    : judge(run, instance, loadStart.get(), loadEnd.get()));
        }
        if (results.isEmpty()) {
            results.add(CheckResult.unknown(NAME, "services", threshold(), "no service process in the history"));
        }
        return results;
    }

    private CheckResult judge(RunView run, String instance, long loadStartMs, long loadEndMs) {
        if (run.all(HistoryEvent.ProcessStarted.class).stream().anyMatch(p -> p.name().equals(instance) && p.attached())) {
            return CheckResult.notApplicable(NAME, instance, threshold(), "attached: the harness runs no full collection"
                    + " in a JVM of a system others use (a full GC is a pause they would feel)");
        }
        Optional<Long> pid = pidThroughTheLoad(run, instance, loadStartMs, loadEndMs);
        if (pid.isEmpty()) {
            return CheckResult.notApplicable(NAME, instance, threshold(), "no JVM of it lived through the whole load"
                    + " (a fault killed or restarted it): a live set is compared only with the same JVM's");
        }
        List<HistoryEvent.GcPause> collections = run.all(HistoryEvent.GcPause.class).stream()
                .filter(g -> g.pid() == pid.get()).sorted(Comparator.comparingLong(HistoryEvent.GcPause::atMs)).toList();
        Map<Long, HistoryEvent.HeapSummary> after = summaries(run, pid.get(), true);
        Map<Long, HistoryEvent.HeapSummary> before = summaries(run, pid.get(), false);
        Optional<HistoryEvent.GcPause> first = collections.stream().filter(GcPauseCheck::askedByHarness)
                .filter(g -> g.atMs() < loadStartMs && after.containsKey(g.gcId())).reduce((a, b) -> b);
        Optional<HistoryEvent.GcPause> last = collections.stream().filter(GcPauseCheck::askedByHarness)
                .filter(g -> g.atMs() >= loadEndMs && after.containsKey(g.gcId())).findFirst();
        List<Map<String, Object>> evidence = evidence(run, instance, pid.get(), collections, after, loadStartMs);
        if (first.isEmpty() || last.isEmpty()) {
            return new CheckResult(NAME, instance, Verdict.UNKNOWN, collections.size() + " collections recorded", threshold(),
                    "no live set measured " + (first.isEmpty() ? "before" : "after") + " the load" + gap(run, instance), evidence);
        }
        double liveBeforeMb = after.get(first.get().gcId()).heapUsedBytes() / MB;
        double liveAfterMb = after.get(last.get().gcId()).heapUsedBytes() / MB;
        double loadMinutes = (loadEndMs - loadStartMs) / 60_000.0;
        double growthPerMin = (liveAfterMb - liveBeforeMb) / loadMinutes;
        List<String> fails = new ArrayList<>();
        if (growthPerMin > maxGrowthMbPerMin) {
            fails.add("its live set grew by " + GcPauseCheck.fmt(liveAfterMb - liveBeforeMb) + " MB over "
                    + GcPauseCheck.fmt(loadMinutes * 60) + " s of load (" + GcPauseCheck.fmt(growthPerMin) + " MB/min)"
                    + oldObjectsNote(evidence));
        }
        List<String> reclaims = new ArrayList<>();
        for (HistoryEvent.GcPause full : collections) {
            if (!GcPauseCheck.isFull(full) || GcPauseCheck.askedByHarness(full) || full.atMs() < loadStartMs
                    || full.atMs() >= loadEndMs || !before.containsKey(full.gcId()) || !after.containsKey(full.gcId())) {
                continue;
            }
            double usedBefore = before.get(full.gcId()).heapUsedBytes();
            double freedPercent = usedBefore <= 0 ? 100 : 100 * (usedBefore - after.get(full.gcId()).heapUsedBytes()) / usedBefore;
            reclaims.add(GcPauseCheck.fmt(freedPercent) + "%");
            if (freedPercent < minReclaimPercent) {
                fails.add("a full collection it needed (" + full.cause() + ") freed only " + GcPauseCheck.fmt(freedPercent)
                        + "% of " + GcPauseCheck.fmt(usedBefore / MB) + " MB");
            }
        }
        String measured = "live set " + GcPauseCheck.fmt(liveBeforeMb) + " MB before the load, " + GcPauseCheck.fmt(liveAfterMb)
                + " MB after (" + signed(growthPerMin) + " MB/min)"
                + (reclaims.isEmpty() ? "" : "; full collections it needed freed " + String.join(", ", reclaims));
        String summary = fails.isEmpty()
                ? "its live set held under the load; " + collections.stream().filter(g -> !GcPauseCheck.askedByHarness(g)).count()
                        + " collections of its own, the heap after them shown as evidence"
                : String.join("; ", fails);
        return new CheckResult(NAME, instance, fails.isEmpty() ? Verdict.PASS : Verdict.FAIL, measured, threshold(), summary, evidence)
                .withFigures("live set growth MB/min", growthPerMin, "live set after the load MB", liveAfterMb);
    }

    /** The one pid of the instance that was ready before the load started and still running when it ended. */
    private static Optional<Long> pidThroughTheLoad(RunView run, String instance, long loadStartMs, long loadEndMs) {
        Map<Long, Long> startedAt = run.all(HistoryEvent.ProcessStarted.class).stream()
                .filter(p -> p.name().equals(instance)).collect(Collectors.toMap(HistoryEvent.ProcessStarted::pid,
                        HistoryEvent::atMs, Math::min));
        Map<Long, Long> stoppedAt = run.all(HistoryEvent.ProcessStopped.class).stream()
                .filter(p -> p.name().equals(instance)).collect(Collectors.toMap(HistoryEvent.ProcessStopped::pid,
                        HistoryEvent::atMs, Math::min));
        return startedAt.entrySet().stream()
                .filter(e -> e.getValue() < loadStartMs && stoppedAt.getOrDefault(e.getKey(), Long.MAX_VALUE) > loadEndMs)
                .map(Map.Entry::getKey).findFirst();
    }

    private static Map<Long, HistoryEvent.HeapSummary> summaries(RunView run, long pid, boolean afterGc) {
        return run.all(HistoryEvent.HeapSummary.class).stream().filter(h -> h.pid() == pid && h.afterGc() == afterGc)
                .collect(Collectors.toMap(HistoryEvent.HeapSummary::gcId, Function.identity(), (a, b) -> a));
    }

    private static String gap(RunView run, String instance) {
        return run.all(HistoryEvent.ProbeGap.class).stream()
                .filter(g -> g.instance().equals(instance) && g.probe().equals(dev.chaosharness.harness.probe.LiveSetProbe.SOURCE))
                .map(g -> ": " + g.reason()).findFirst()
                .orElse(" (no full collection of the harness's in its JFR recording, or no recording)");
    }

    private static String signed(double value) {
        return (value >= 0 ? "+" : "") + GcPauseCheck.fmt(value);
    }

    /** The heap after each collection of the JVM (the harness's marked), then what it held at exit. */
    private static List<Map<String, Object>> evidence(RunView run, String instance, long pid, List<HistoryEvent.GcPause> collections,
                                                      Map<Long, HistoryEvent.HeapSummary> after, long loadStartMs) {
        List<Map<String, Object>> evidence = new ArrayList<>();
        // G1 writes its concurrent cycle's start as a second collection (G1Old) with the young pause's id: one point
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<HistoryEvent.GcPause> measured = collections.stream().filter(g -> after.containsKey(g.gcId()))
                .filter(g -> seen.add(g.gcId())).toList();
        int step = Math.max(1, (measured.size() + HEAP_POINTS - 1) / HEAP_POINTS);
        for (int i = 0; i < measured.size(); i++) {
            HistoryEvent.GcPause gc = measured.get(i);
            if (i % step != 0 && !GcPauseCheck.askedByHarness(gc)) {
                continue;
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("kind", GcPauseCheck.askedByHarness(gc) ? "live-set" : "heap-after-gc");
            point.put("atMs", gc.atMs());
            point.put("heapAfterMb", Math.round(after.get(gc.gcId()).heapUsedBytes() / MB * 10) / 10.0);
            point.put("name", gc.name());
            point.put("cause", gc.cause());
            evidence.add(point);
        }
        Map<String, List<HistoryEvent.OldObjectSampled>> held = run.all(HistoryEvent.OldObjectSampled.class).stream()
                .filter(o -> o.pid() == pid && o.atMs() >= loadStartMs)
                .collect(Collectors.groupingBy(o -> o.objectClass() + " " + firstOwnFrame(o.allocatedAt())));
        held.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, List<HistoryEvent.OldObjectSampled>> e)
                        -> e.getValue().size()).reversed()).limit(OLD_OBJECT_GROUPS)
                .forEach(e -> {
                    HistoryEvent.OldObjectSampled sample = e.getValue().get(0);
                    Map<String, Object> group = new LinkedHashMap<>();
                    group.put("kind", "old-objects");
                    group.put("objectClass", sample.objectClass());
                    group.put("samples", e.getValue().size());
                    group.put("allocatedAt", sample.allocatedAt());
                    evidence.add(group);
                });
        return evidence;
    }

    /** The evidence's most sampled kind of object held since the load, as the summary names it. */
    @SuppressWarnings("unchecked") // evidence() puts the sample's frames there as they are
    private static String oldObjectsNote(List<Map<String, Object>> evidence) {
        return evidence.stream().filter(e -> "old-objects".equals(e.get("kind"))).findFirst().map(e -> {
            List<String> frames = (List<String>) e.get("allocatedAt");
            return "; most held since the load: " + e.get("objectClass") + " x" + e.get("samples") + " sampled"
                    + (frames.isEmpty() ? "" : ", allocated in " + firstOwnFrame(frames));
        }).orElse("");
    }

    /** The innermost frame outside the JDK: the code that allocated it (a collection's put is the JDK's). */
    static String firstOwnFrame(List<String> frames) {
        return frames.stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.") && !f.startsWith("sun."))
                .findFirst().orElse(frames.isEmpty() ? "(no stack)" : frames.get(0));
    }
}
