package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * p99 latency of answered requests per phase: at most {@code p99Ms} outside fault windows, and at
 * most {@code p99DuringFaultMs} during them (by default the budget plus grace: the deadline holds
 * even while a dependency is slow or down). A phase during which no instance of the load's entry
 * service was up (each killed, stopped or paused, or not ready again yet) has no latency to judge:
 * no answer is that fault's expected effect. It says so (not applicable) instead of "no data"; its
 * failed requests are counted in its summary, and ErrorBudgetCheck judges them only when a bound
 * during faults is set.
 */
public final class LatencySloCheck implements Check {

    public static final String NAME = "LatencySloCheck";

    private final long p99Ms;
    private final long p99DuringFaultMs;

    public LatencySloCheck(long p99Ms, long p99DuringFaultMs) {
        this.p99Ms = p99Ms;
        this.p99DuringFaultMs = p99DuringFaultMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        List<HistoryEvent.RequestCompleted> requests = run.requests();
        List<CheckResult> results = new ArrayList<>();
        List<Phases.Phase> phases = Phases.of(run);
        for (Phases.Phase phase : phases) {
            long limit = phase.underFault() ? p99DuringFaultMs : p99Ms;
            String threshold = "p99 <= " + limit + " ms";
            List<Long> latencies = Phases.requestsOf(phase, phases, requests).stream().filter(r -> r.status() != 0)
                    .map(HistoryEvent.RequestCompleted::latencyMs).toList();
            Optional<String> entryDown = EntryInstances.allDownThroughout(run, phase.fromMs(), phase.toMs());
            if (phase.underFault() && entryDown.isPresent()) {
                results.add(noEntryUp(phase, phases, requests, threshold, entryDown.get()));
                continue;
            }
            if (latencies.isEmpty()) {
                results.add(CheckResult.unknown(NAME, phase.name(), threshold, "no answered request in this phase"));
                continue;
            }
            double p99 = Phases.percentile(latencies, 99);
            boolean fail = p99 > limit;
            results.add(new CheckResult(NAME, phase.name(), fail ? Verdict.FAIL : Verdict.PASS,
                    "p99 " + (long) p99 + " ms, p50 " + (long) Phases.percentile(latencies, 50) + " ms over "
                            + latencies.size() + " requests", threshold,
                    fail ? "p99 above the SLO" : "within the SLO", List.of()).withFigures("p99 ms", p99));
        }
        return results;
    }

    private static CheckResult noEntryUp(Phases.Phase phase, List<Phases.Phase> phases,
                                         List<HistoryEvent.RequestCompleted> requests, String threshold, String down) {
        List<HistoryEvent.RequestCompleted> inPhase = Phases.requestsOf(phase, phases, requests);
        long failed = inPhase.stream().filter(r -> !r.success()).count();
        return CheckResult.notApplicable(NAME, phase.name(), threshold, "no entry instance was up (" + down + "): no answer"
                + " is the fault's expected effect; " + failed + " of " + inPhase.size() + " requests failed (a fault"
                + " window is outside ErrorBudgetCheck's budget)");
    }
}
