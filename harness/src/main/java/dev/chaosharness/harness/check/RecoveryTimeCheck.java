package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After each fault window closes, p99 of the requests started in a sliding {@code bucketMs}
 * window is back under {@code p99Ms} (with no failures) within {@code withinMs}.
 *
 * <p>It judges HTTP only, and says so: the answers of the entry service can be back at once while a
 * consumer group behind it is still stalled (a killed member's partitions unconsumed until its
 * session times out). That recovery is {@link LagRecoveryCheck}'s, with its own bound. The
 * alternative, a recovering phase lasting until the lag has caught up, was not chosen: it would
 * take requests served normally out of the steady state LatencySloCheck and ErrorBudgetCheck judge,
 * and hide an HTTP regression behind a backlog that does not slow HTTP. The phase does last until
 * the group has every partition assigned again ({@link Phases}): until then, the restarted instance
 * is not doing its share.
 */
public final class RecoveryTimeCheck implements Check {

    public static final String NAME = "RecoveryTimeCheck";

    private final long p99Ms;
    private final long withinMs;
    private final long bucketMs;

    public RecoveryTimeCheck(long p99Ms, long withinMs, long bucketMs) {
        this.p99Ms = p99Ms;
        this.withinMs = withinMs;
        this.bucketMs = bucketMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "HTTP p99 <= " + p99Ms + " ms with no failure, within " + withinMs / 1000.0 + " s of the window's end";
        List<HistoryEvent.FaultRolledBack> ends = run.all(HistoryEvent.FaultRolledBack.class);
        if (ends.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "recovery", threshold, "no fault window to recover from"));
        }
        long loadEnd = run.loadEndMs().orElse(Long.MAX_VALUE);
        List<HistoryEvent.RequestCompleted> requests = run.requests();
        List<CheckResult> results = new ArrayList<>();
        for (HistoryEvent.FaultRolledBack end : ends) {
            String subject = "after window " + end.window() + " (" + end.action() + ")";
            long recoveredAt = -1;
            List<HistoryEvent.RequestCompleted> after = startedBetween(requests, end.atMs(), end.atMs() + withinMs + 2 * bucketMs);
            for (long t = end.atMs(); t + bucketMs <= loadEnd && t <= end.atMs() + withinMs + bucketMs; t += 250) {
                long from = t;
                List<HistoryEvent.RequestCompleted> bucket = after.stream()
                        .filter(r -> r.startMs() >= from && r.startMs() < from + bucketMs).toList();
                if (!bucket.isEmpty() && bucket.stream().allMatch(HistoryEvent.RequestCompleted::success)
                        && Phases.percentile(bucket.stream().map(HistoryEvent.RequestCompleted::latencyMs).toList(), 99) <= p99Ms) {
                    recoveredAt = t;
                    break;
                }
            }
            if (recoveredAt < 0 && end.atMs() + withinMs > loadEnd) {
                results.add(CheckResult.unknown(NAME, subject, threshold, "the load ended before recovery could be seen"));
                continue;
            }
            long recoveryMs = recoveredAt - end.atMs();
            boolean fail = recoveredAt < 0 || recoveryMs > withinMs;
            results.add(new CheckResult(NAME, subject, fail ? Verdict.FAIL : Verdict.PASS,
                    recoveredAt < 0 ? "not recovered" : "recovered in " + recoveryMs + " ms", threshold,
                    (fail ? "HTTP still degraded after the window closed" : "HTTP answers back to normal")
                            + " (consumer groups: LagRecoveryCheck)", List.of())
                    .withFigures(recoveredAt < 0 ? Map.of() : Map.of("recovery ms", (double) recoveryMs)));
        }
        return results;
    }

    /** The requests started in {@code [fromMs, toMs)}, read from the start column: the few a window's recovery looks at. */
    private static List<HistoryEvent.RequestCompleted> startedBetween(List<HistoryEvent.RequestCompleted> requests,
                                                                     long fromMs, long toMs) {
        if (!(requests instanceof CompactEvents<HistoryEvent.RequestCompleted> rows)) {
            return requests.stream().filter(r -> r.startMs() >= fromMs && r.startMs() < toMs).toList();
        }
        List<HistoryEvent.RequestCompleted> started = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long start = rows.longAt(i, RequestCodec.START);
            if (start >= fromMs && start < toMs) {
                started.add(rows.get(i));
            }
        }
        return started;
    }
}
