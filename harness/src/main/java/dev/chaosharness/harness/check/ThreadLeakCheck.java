package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Live threads of each service: after the load and the faults, back within {@code maxGrowth} of
 * the baseline before the load. The evidence names the threads that appeared during the run and
 * never ended, grouped by name pattern, with the stack that started them.
 */
public final class ThreadLeakCheck implements Check {

    public static final String NAME = "ThreadLeakCheck";

    private final int maxGrowth;
    private final List<String> jvmServices;

    /** {@code jvmServices}: whose instances to judge; empty: every service's. */
    public ThreadLeakCheck(int maxGrowth, List<String> jvmServices) {
        this.maxGrowth = maxGrowth;
        this.jvmServices = List.copyOf(jvmServices);
    }

    /** 50 threads: a servlet pool that grew under a slow dependency keeps idle threads for a minute. */
    public ThreadLeakCheck() {
        this(50, List.of());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "live threads after the run <= baseline + " + maxGrowth;
        long loadStart = run.loadStartMs().orElse(Long.MAX_VALUE);
        long loadEnd = run.loadEndMs().orElse(Long.MIN_VALUE);
        Map<String, List<HistoryEvent.ThreadCount>> byInstance = run.all(HistoryEvent.ThreadCount.class).stream()
                .collect(Collectors.groupingBy(HistoryEvent.ThreadCount::instance, TreeMap::new, Collectors.toList()));
        List<String> services = JudgedJvms.instances(run, jvmServices);
        List<CheckResult> results = new ArrayList<>();
        for (String service : JudgedJvms.notJvms(run, jvmServices)) {
            results.add(CheckResult.unknown(NAME, service, threshold, "not a JVM: the harness records no JFR for it"));
        }
        for (String service : services) {
            List<HistoryEvent.ThreadCount> samples = byInstance.getOrDefault(service, List.of()).stream()
                    .sorted(Comparator.comparingLong(HistoryEvent.ThreadCount::atMs)).toList();
            List<HistoryEvent.ThreadCount> before = samples.stream().filter(s -> s.atMs() < loadStart).toList();
            List<HistoryEvent.ThreadCount> after = samples.stream().filter(s -> s.atMs() > loadEnd).toList();
            if (before.isEmpty() || after.isEmpty()) {
                results.add(CheckResult.unknown(NAME, service, threshold,
                        "no thread counts " + (before.isEmpty() ? "before" : "after") + " the load (JFR missing?)"));
                continue;
            }
            long baseline = before.get(before.size() - 1).active();
            long last = after.get(after.size() - 1).active();
            long growth = last - baseline;
            List<Map<String, Object>> evidence = lingeringEvidence(run, service);
            boolean fail = growth > maxGrowth;
            String summary = fail
                    ? growth + " more threads than before the load" + (evidence.isEmpty() ? "" : "; most: "
                    + evidence.get(0).get("pattern") + " x" + evidence.get(0).get("count"))
                    : "thread count back near its baseline";
            results.add(new CheckResult(NAME, service, fail ? Verdict.FAIL : Verdict.PASS,
                    baseline + " before, " + last + " after (" + (growth >= 0 ? "+" : "") + growth + ")",
                    threshold, summary, evidence));
        }
        if (results.isEmpty()) {
            results.add(CheckResult.unknown(NAME, "services", threshold, "no service process in the history"));
        }
        return results;
    }

    private static List<Map<String, Object>> lingeringEvidence(RunView run, String service) {
        return run.all(HistoryEvent.LingeringThreads.class).stream()
                .filter(l -> l.instance().equals(service))
                .sorted(Comparator.comparingInt(HistoryEvent.LingeringThreads::count).reversed())
                .limit(10)
                .map(l -> {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("kind", "lingering threads");
                    evidence.put("pattern", l.pattern());
                    evidence.put("count", l.count());
                    evidence.put("pid", l.pid());
                    evidence.put("startedBy", l.startStack());
                    return evidence;
                })
                .collect(Collectors.toList());
    }
}
