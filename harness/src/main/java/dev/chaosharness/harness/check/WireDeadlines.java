package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The deadline rules the fault proxy's observations of a call link judge without any help from the
 * services: every call carried a budget when its caller had one, and the callee answered within the
 * budget it was given plus the grace. A call that overlapped a fault on its link or on the callee
 * instance is not judged for lateness (the fault made it late, not the callee). Rules that need
 * each call tied to its caller's request (remaining budget, orphan work) need a correlation header
 * the services forward; without it they come from the services' deadline lines, if any.
 */
final class WireDeadlines {

    /** What the wire showed for one caller->callee pair. */
    record Judged(int calls, long withoutBudget, long answeredLate, long inFaults) {
        String describe() {
            return "wire: " + calls + " calls observed, " + withoutBudget + " without a budget, " + answeredLate
                    + " answered past their budget (" + inFaults + " during a fault on the link or callee, not judged)";
        }

        boolean failed() {
            return withoutBudget > 0 || answeredLate > 0;
        }
    }

    private WireDeadlines() {
    }

    /** Empty when nothing was observed on the pair's links (then {@link #whyNone} says why). */
    static Optional<Judged> judge(RunView run, DeadlineSubject subject, long graceMs,
                                  BiConsumer<String, Map<String, Object>> evidence) {
        long loadStart = run.loadStartMs().orElse(Long.MIN_VALUE);
        String prefix = subject.caller() + "->" + subject.callee() + "-";
        List<HistoryEvent.HttpExchangeObserved> calls = run.all(HistoryEvent.HttpExchangeObserved.class).stream()
                .filter(e -> e.link().startsWith(prefix) && e.requestAtMs() >= loadStart).toList();
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        boolean callerHadBudget = callerHadBudget(run, subject);
        List<Window> faults = faultWindows(run);
        long withoutBudget = 0;
        long late = 0;
        long inFaults = 0;
        for (HistoryEvent.HttpExchangeObserved call : calls) {
            if (callerHadBudget && call.budgetHeader() == null) {
                withoutBudget++;
                evidence.accept("no budget on the wire", Map.of("link", call.link(), "target", call.target(),
                        "requestAtMs", call.requestAtMs(), "status", call.status()));
            }
            if (call.status() == 0 || call.budgetMs() < 0) {
                continue;
            }
            long tookMs = call.responseAtMs() - call.requestAtMs();
            if (tookMs <= call.budgetMs() + graceMs) {
                continue;
            }
            if (faults.stream().anyMatch(w -> w.covers(call))) {
                inFaults++;
            } else {
                late++;
                evidence.accept("callee answered past its budget", Map.of("link", call.link(), "target", call.target(),
                        "requestAtMs", call.requestAtMs(), "budgetMs", call.budgetMs(), "answeredAfterMs", tookMs,
                        "status", call.status()));
            }
        }
        return Optional.of(new Judged(calls.size(), withoutBudget, late, inFaults));
    }

    /** Why the wire has nothing for the pair: the proxy's probe gap, or no call at all. */
    static String whyNone(RunView run) {
        return run.all(HistoryEvent.ProbeGap.class).stream().filter(g -> g.probe().equals("wire"))
                .map(HistoryEvent.ProbeGap::reason).findFirst()
                .orElse("no call observed on the link during the load");
    }

    /** The entry service had the load's budgets; any other caller had one when a call into it carried one. */
    private static boolean callerHadBudget(RunView run, DeadlineSubject subject) {
        boolean entry = run.all(HistoryEvent.RunStarted.class).stream()
                .anyMatch(r -> subject.caller().equals(r.parameters().get("entryService")));
        if (entry) {
            return run.requests().stream().anyMatch(r -> r.budgetMs() > 0);
        }
        return run.all(HistoryEvent.HttpExchangeObserved.class).stream()
                .anyMatch(e -> e.link().contains("->" + subject.caller() + "-") && e.budgetHeader() != null);
    }

    private record Window(long fromMs, long toMs, List<String> targets) {
        boolean covers(HistoryEvent.HttpExchangeObserved call) {
            String callee = call.link().substring(call.link().indexOf("->") + 2);
            boolean concerned = targets.contains(call.link()) || targets.contains(callee);
            return concerned && call.requestAtMs() <= toMs && call.responseAtMs() >= fromMs;
        }
    }

    private static List<Window> faultWindows(RunView run) {
        List<HistoryEvent.FaultRolledBack> ends = run.all(HistoryEvent.FaultRolledBack.class);
        return run.all(HistoryEvent.FaultApplied.class).stream().map(applied -> new Window(applied.atMs(),
                ends.stream().filter(end -> end.window() == applied.window()).map(HistoryEvent::atMs).findFirst()
                        .orElse(Long.MAX_VALUE), applied.targets())).toList();
    }
}
