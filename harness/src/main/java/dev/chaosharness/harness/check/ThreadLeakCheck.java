package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Threads a service started during the load and never ended, told apart by what they were doing
 * when the JVM exited (JFR's exit thread dump). Workers of one executor are a pool that grew to
 * serve the load: they are shown as evidence and pass, however many (an overloaded Tomcat keeps
 * 200 idle workers for a minute). Threads a client, a listener container or the JVM owns (Kafka
 * heartbeat and network threads, Spring Kafka's consumer threads, DestroyJavaVM) end with their
 * owner: evidence too (a JVM a fault restarted starts them once it is ready, during the load).
 * Threads nothing accounts for (not pool workers nor owned, or workers of one more pool each, as
 * when an executor is made per request and never shut down) are a leak: more than
 * {@code maxLeakedThreads} of them FAIL. The live-thread counts before and after the load (of a
 * restarted JVM: from its own first count once ready) are the measured value; they do not decide.
 */
public final class ThreadLeakCheck implements Check {

    public static final String NAME = "ThreadLeakCheck";
    private static final int EVIDENCE_PATTERNS = 10;

    private final int maxLeakedThreads;
    private final List<String> jvmServices;

    /** {@code jvmServices}: whose instances to judge; empty: every service's. */
    public ThreadLeakCheck(int maxLeakedThreads, List<String> jvmServices) {
        this.maxLeakedThreads = maxLeakedThreads;
        this.jvmServices = List.copyOf(jvmServices);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        List<CheckResult> results = new ArrayList<>();
        for (String service : JudgedJvms.notJvms(run, jvmServices)) {
            results.add(CheckResult.notApplicable(NAME, service, threshold(), JudgedJvms.whyNotJudged(run, service)));
        }
        for (String instance : JudgedJvms.instances(run, jvmServices)) {
            results.add(evaluateInstance(run, instance));
        }
        if (results.isEmpty()) {
            results.add(CheckResult.unknown(NAME, "services", threshold(), "no service process in the history"));
        }
        return results;
    }

    private String threshold() {
        return "threads started during the load, alive at exit, that no pool accounts for <= " + maxLeakedThreads;
    }

    private CheckResult evaluateInstance(RunView run, String instance) {
        Optional<Long> lastPid = lastPid(run, instance);
        boolean recorded = run.all(HistoryEvent.ThreadCount.class).stream()
                .anyMatch(t -> t.instance().equals(instance) && lastPid.map(pid -> pid == t.pid()).orElse(true));
        if (!recorded) {
            return CheckResult.unknown(NAME, instance, threshold(), "no JFR recording of its last JVM"
                    + lastPid.map(pid -> " (pid " + pid + ")").orElse("") + ": it did not exit normally, or JFR was off");
        }
        if (lastPid.isPresent() && killed(run, lastPid.get())) {
            return CheckResult.unknown(NAME, instance, threshold(), "its last JVM (pid " + lastPid.get() + ") was killed:"
                    + " no thread dump at exit says which of the threads it started during the load lived on");
        }
        Optional<String> counts = Optional.of(threadCounts(run, instance, lastPid)
                .orElse("live-thread count not sampled both before and after the load"));
        List<HistoryEvent.LingeringThreads> lingering = lingering(run, instance, lastPid);
        int alive = lingering.stream().mapToInt(HistoryEvent.LingeringThreads::count).sum();
        int poolWorkers = lingering.stream().mapToInt(HistoryEvent.LingeringThreads::poolWorkers).sum();
        int leaked = lingering.stream().mapToInt(HistoryEvent.LingeringThreads::unaccounted).sum();
        int owned = lingering.stream().mapToInt(HistoryEvent.LingeringThreads::ownedThreads).sum();
        String measured = counts.get() + "; " + alive + " started during the load still alive, " + poolWorkers
                + " of them pool workers, " + (owned > 0 ? owned + " of clients or the JVM, " : "") + leaked + " unaccounted";
        List<Map<String, Object>> evidence = evidence(lingering);
        boolean classified = lingering.stream().allMatch(HistoryEvent.LingeringThreads::classified);
        if (!classified && alive > maxLeakedThreads) {
            return new CheckResult(NAME, instance, Verdict.UNKNOWN, counts.get() + "; " + alive
                    + " started during the load still alive", threshold(), "the recording has no thread dump at exit "
                    + "for them, so a pool that grew cannot be told from a leak", evidence);
        }
        if (leaked > maxLeakedThreads) {
            HistoryEvent.LingeringThreads worst = lingering.stream()
                    .max(Comparator.comparingInt(HistoryEvent.LingeringThreads::unaccounted)).orElseThrow();
            return new CheckResult(NAME, instance, Verdict.FAIL, measured, threshold(), leaked
                    + " threads started during the load never ended and no pool accounts for them; most: "
                    + worst.pattern() + " x" + worst.unaccounted() + heldAt(worst), evidence)
                    .withFigures("threads unaccounted", leaked, "threads alive from the load", alive);
        }
        return new CheckResult(NAME, instance, Verdict.PASS, measured, threshold(), passSummary(lingering), evidence)
                .withFigures("threads unaccounted", leaked, "threads alive from the load", alive);
    }

    /**
     * "26 before, 78 after (+52)": the last sample before the load and the last after it, both of
     * the last JVM. A JVM a fault restarted during the load is compared with itself: its first sample
     * once it was ready ("31 when ready again, 33 after (+2)"), never with the JVM it replaced.
     */
    private static Optional<String> threadCounts(RunView run, String instance, Optional<Long> lastPid) {
        long loadStart = run.loadStartMs().orElse(Long.MAX_VALUE);
        long loadEnd = run.loadEndMs().orElse(Long.MIN_VALUE);
        List<HistoryEvent.ThreadCount> samples = run.all(HistoryEvent.ThreadCount.class).stream()
                .filter(s -> s.instance().equals(instance) && lastPid.map(pid -> pid == s.pid()).orElse(true))
                .sorted(Comparator.comparingLong(HistoryEvent.ThreadCount::atMs)).toList();
        Optional<Long> readyAgainMs = lastPid.flatMap(pid -> run.all(HistoryEvent.ProcessReady.class).stream()
                .filter(r -> r.pid() == pid && r.name().equals(instance)).map(HistoryEvent::atMs).findFirst())
                .filter(readyMs -> readyMs > loadStart);
        Optional<Long> before = readyAgainMs.isPresent()
                ? samples.stream().filter(s -> s.atMs() >= readyAgainMs.get()).findFirst().map(HistoryEvent.ThreadCount::active)
                : samples.stream().filter(s -> s.atMs() < loadStart).reduce((a, b) -> b).map(HistoryEvent.ThreadCount::active);
        Optional<Long> after = samples.stream().filter(s -> s.atMs() > loadEnd).reduce((a, b) -> b)
                .map(HistoryEvent.ThreadCount::active);
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        long growth = after.get() - before.get();
        return Optional.of(before.get() + (readyAgainMs.isPresent() ? " when ready again (restarted during the load), "
                : " before, ") + after.get() + " after (" + (growth >= 0 ? "+" : "") + growth + ")");
    }

    /** The lingering threads of the instance's last JVM: the one that was alive when the run ended. */
    private static List<HistoryEvent.LingeringThreads> lingering(RunView run, String instance, Optional<Long> lastPid) {
        return run.all(HistoryEvent.LingeringThreads.class).stream()
                .filter(l -> l.instance().equals(instance) && lastPid.map(pid -> pid == l.pid()).orElse(true))
                .toList();
    }

    private static boolean killed(RunView run, long pid) {
        return run.all(HistoryEvent.ProcessStopped.class).stream().anyMatch(s -> s.pid() == pid && s.how().equals("killed"));
    }

    private static Optional<Long> lastPid(RunView run, String instance) {
        return run.all(HistoryEvent.ProcessStarted.class).stream()
                .filter(p -> p.name().equals(instance)).reduce((a, b) -> b).map(HistoryEvent.ProcessStarted::pid);
    }

    private static String passSummary(List<HistoryEvent.LingeringThreads> lingering) {
        Map<String, Integer> grownPools = lingering.stream().filter(l -> l.poolWorkers() > 0)
                .collect(Collectors.toMap(HistoryEvent.LingeringThreads::pattern,
                        HistoryEvent.LingeringThreads::poolWorkers, Integer::sum, TreeMap::new));
        Map<String, String> owned = lingering.stream().filter(l -> l.ownedThreads() > 0)
                .collect(Collectors.toMap(HistoryEvent.LingeringThreads::pattern,
                        l -> l.pattern() + " x" + l.ownedThreads() + " (" + l.ownedBy() + ")", (a, b) -> a, TreeMap::new));
        List<String> parts = new ArrayList<>();
        if (!grownPools.isEmpty()) {
            parts.add("pools grew to serve the load and had not idled out at exit ("
                    + grownPools.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (!owned.isEmpty()) {
            parts.add("threads of clients, containers or the JVM, which end with them (" + String.join(", ", owned.values()) + ")");
        }
        if (parts.isEmpty()) {
            return "no thread started during the load outlived it, beyond the few allowed";
        }
        return String.join("; ", parts) + ": evidence, not a leak";
    }

    private static String heldAt(HistoryEvent.LingeringThreads lingering) {
        return lingering.heldAt() == null || lingering.heldAt().isEmpty() ? "" : ", waiting in " + lingering.heldAt();
    }

    private static List<Map<String, Object>> evidence(List<HistoryEvent.LingeringThreads> lingering) {
        return lingering.stream()
                .sorted(Comparator.comparingInt(HistoryEvent.LingeringThreads::unaccounted)
                        .thenComparingInt(HistoryEvent.LingeringThreads::count).reversed())
                .limit(EVIDENCE_PATTERNS)
                .map(ThreadLeakCheck::evidenceRow)
                .collect(Collectors.toList());
    }

    private static Map<String, Object> evidenceRow(HistoryEvent.LingeringThreads l) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", !l.classified() ? "threads still alive" : l.unaccounted() > 0 ? "leaked threads"
                : l.poolWorkers() == 0 && l.ownedThreads() > 0 ? "threads of a client or the JVM" : "pool that grew");
        row.put("pattern", l.pattern());
        row.put("count", l.count());
        row.put("poolWorkers", l.poolWorkers());
        row.put("pools", l.pools());
        if (l.pools() > 1 && l.poolsAccounted() > 1) {
            row.put("poolsAccounted", l.poolsAccounted());
        }
        if (l.ownedThreads() > 0) {
            row.put("ownedThreads", l.ownedThreads());
            row.put("ownedBy", l.ownedBy());
        }
        row.put("unaccounted", l.unaccounted());
        if (l.heldAt() != null && !l.heldAt().isEmpty()) {
            row.put("waitingIn", l.heldAt());
        }
        row.put("pid", l.pid());
        row.put("startedBy", l.startStack());
        return row;
    }
}
