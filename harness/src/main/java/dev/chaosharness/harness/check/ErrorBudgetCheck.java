package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Failed requests (a status the experiment does not declare a success, or no answer) per phase
 * outside the fault windows and their recovery: at most {@code maxPercent}. The fault windows are
 * not judged: failing while a dependency is down may be the design (LatencySloCheck and
 * CompletionCheck say what the load saw there).
 */
public final class ErrorBudgetCheck implements Check {

    public static final String NAME = "ErrorBudgetCheck";

    private final double maxPercent;

    public ErrorBudgetCheck(double maxPercent) {
        this.maxPercent = maxPercent;
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
            if (phase.underFault()) {
                continue;
            }
            double limit = maxPercent;
            String threshold = "failed <= " + GcPauseCheck.fmt(limit) + "%";
            List<HistoryEvent.RequestCompleted> inPhase = Phases.requestsOf(phase, phases, requests);
            if (inPhase.isEmpty()) {
                results.add(CheckResult.unknown(NAME, phase.name(), threshold, "no request in this phase"));
                continue;
            }
            List<HistoryEvent.RequestCompleted> failed = inPhase.stream().filter(r -> !r.success()).toList();
            double percent = 100.0 * failed.size() / inPhase.size();
            Map<String, Long> byStatus = failed.stream().collect(Collectors.groupingBy(
                    r -> r.status() == 0 ? "no answer" : Integer.toString(r.status()), TreeMap::new, Collectors.counting()));
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("kind", "failures by status");
            evidence.putAll(byStatus);
            boolean fail = percent > limit;
            results.add(new CheckResult(NAME, phase.name(), fail ? Verdict.FAIL : Verdict.PASS,
                    GcPauseCheck.fmt(percent) + "% (" + failed.size() + " of " + inPhase.size() + ")", threshold,
                    fail ? "error budget spent: " + byStatus : "within the error budget",
                    byStatus.isEmpty() ? List.of() : List.of(evidence)).withFigures("failed %", percent));
        }
        return results;
    }
}
