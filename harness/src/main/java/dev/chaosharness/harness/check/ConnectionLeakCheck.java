package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.probe.DatabaseSessionsProbe;
import dev.chaosharness.harness.spec.ConnectionSubject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Connections a caller opened and never gave back: for each link of {@code checks.connections},
 * the connections open through the fault proxy once the faults are rolled back and the load has
 * drained (its last traffic count) may exceed the most it held before the first fault by at most
 * {@code maxGrowth}; when the callee is a database the system declares, so may the sessions the
 * database itself counts (before the load, after the drain). A pool that grew to serve the load
 * before the faults is its level; one a fault made grow and that keeps its connections is judged
 * like a leak, which is why the links are declared, not all taken: an HTTP client keeps what a
 * latency window opened until its keep-alive timeout (an HTTP link of the sample system: 2 before a
 * 200 ms window, 33 after it, 12 a minute later), a database pool has a fixed size.
 */
public final class ConnectionLeakCheck implements Check {

    public static final String NAME = "ConnectionLeakCheck";

    private final List<ConnectionSubject> subjects;
    private final int maxGrowth;

    public ConnectionLeakCheck(List<ConnectionSubject> subjects, int maxGrowth) {
        this.subjects = List.copyOf(subjects);
        this.maxGrowth = maxGrowth;
    }

    @Override
    public String name() {
        return NAME;
    }

    private String threshold() {
        return "open connections after the faults <= before them + " + maxGrowth + " (and the database's sessions)";
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        if (subjects.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "connections", threshold(), "no link declared (checks.connections)"));
        }
        long beforeFaultsMs = run.all(HistoryEvent.FaultApplied.class).stream().mapToLong(HistoryEvent::atMs).min()
                .orElse(run.loadEndMs().orElse(Long.MAX_VALUE));
        return subjects.stream().map(subject -> judge(run, subject, beforeFaultsMs)).toList();
    }

    private CheckResult judge(RunView run, ConnectionSubject subject, long beforeFaultsMs) {
        Map<String, List<HistoryEvent.LinkTrafficObserved>> byLink = run.all(HistoryEvent.LinkTrafficObserved.class).stream()
                .filter(t -> subject.covers(t.link()))
                .collect(Collectors.groupingBy(HistoryEvent.LinkTrafficObserved::link, TreeMap::new, Collectors.toList()));
        if (byLink.isEmpty()) {
            return CheckResult.unknown(NAME, subject.link(), threshold(), "no traffic counts for its links (a fault proxy"
                    + " without fault-proxy's /traffic, or the link is not proxied)");
        }
        List<Map<String, Object>> evidence = new ArrayList<>();
        long before = 0;
        long after = 0;
        for (Map.Entry<String, List<HistoryEvent.LinkTrafficObserved>> link : byLink.entrySet()) {
            List<HistoryEvent.LinkTrafficObserved> samples = link.getValue().stream()
                    .sorted(Comparator.comparingLong(HistoryEvent.LinkTrafficObserved::atMs)).toList();
            HistoryEvent.LinkTrafficObserved first = samples.get(0);
            HistoryEvent.LinkTrafficObserved last = samples.get(samples.size() - 1);
            long linkBefore = samples.stream().filter(s -> s.atMs() < beforeFaultsMs)
                    .mapToLong(HistoryEvent.LinkTrafficObserved::open).max().orElse(first.open());
            before += linkBefore;
            after += last.open();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "link");
            row.put("link", link.getKey());
            row.put("openBeforeFaults", linkBefore);
            row.put("openAtEnd", last.open());
            row.put("mostOpen", samples.stream().mapToLong(HistoryEvent.LinkTrafficObserved::open).max().orElse(0));
            row.put("acceptedDuringRun", last.accepted() - first.accepted());
            row.put("atEndMs", last.atMs());
            evidence.add(row);
        }
        List<String> fails = new ArrayList<>();
        if (after - before > maxGrowth) {
            fails.add((after - before) + " more connections open through the proxy after the faults than before them ("
                    + before + " -> " + after + ")" + worstLink(evidence));
        }
        String measured = "open through the proxy: " + before + " before the faults, " + after + " after";
        List<HistoryEvent.DatabaseSessions> sessions = run.all(HistoryEvent.DatabaseSessions.class).stream()
                .filter(s -> s.service().equals(subject.callee())).sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList();
        Map<String, List<HistoryEvent.DatabaseSessions>> byDatabase = sessions.stream()
                .collect(Collectors.groupingBy(HistoryEvent.DatabaseSessions::database, TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<HistoryEvent.DatabaseSessions>> database : byDatabase.entrySet()) {
            HistoryEvent.DatabaseSessions first = database.getValue().get(0);
            HistoryEvent.DatabaseSessions last = database.getValue().get(database.getValue().size() - 1);
            measured += "; database " + database.getKey() + ": " + first.sessions() + " sessions before the load, "
                    + last.sessions() + " after (" + last.idleInTransaction() + " idle in transaction)";
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "database-sessions");
            row.put("database", database.getKey());
            row.put("before", first.sessions());
            row.put("after", last.sessions());
            row.put("idleInTransactionAfter", last.idleInTransaction());
            evidence.add(row);
            if (database.getValue().size() > 1 && last.sessions() - first.sessions() > maxGrowth) {
                fails.add("database " + database.getKey() + " counts " + (last.sessions() - first.sessions())
                        + " more sessions after the load than before it (" + first.sessions() + " -> " + last.sessions() + ")");
            }
        }
        String gap = run.all(HistoryEvent.ProbeGap.class).stream()
                .filter(g -> g.probe().equals(DatabaseSessionsProbe.SOURCE) && g.instance().equals(subject.callee()))
                .map(g -> "; " + g.reason()).findFirst().orElse("");
        Verdict verdict = fails.isEmpty() ? Verdict.PASS : Verdict.FAIL;
        String summary = fails.isEmpty()
                ? "its connections came back after the faults" + gap
                : String.join("; ", fails);
        return new CheckResult(NAME, subject.link(), verdict, measured, threshold(), summary, evidence)
                .withFigures("connections gained", after - before);
    }

    private static String worstLink(List<Map<String, Object>> evidence) {
        return evidence.stream().filter(e -> e.get("kind").equals("link"))
                .max(Comparator.comparingLong(e -> (long) e.get("openAtEnd") - (long) e.get("openBeforeFaults")))
                .map(e -> "; most on " + e.get("link") + ": " + e.get("openBeforeFaults") + " -> " + e.get("openAtEnd"))
                .orElse("");
    }
}
