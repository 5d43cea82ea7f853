package dev.chaosharness.harness.check;

import java.nio.IntBuffer;
import dev.chaosharness.harness.spec.DeadlineSubject;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.ExchangeCodec;
import dev.chaosharness.harness.history.compact.Ids;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The deadline rules the fault proxy's observations of a call link judge without any help from the
 * services:
 * <ul>
 *   <li>every call carried a budget when its caller had one;</li>
 *   <li>the callee answered within the budget it was given plus the grace;</li>
 *   <li>tied to the caller's request by a correlation id the services forward (the load's request
 *       id, a trace id): the callee was given no more than the caller had left when it called, and
 *       no 2xx came from the callee after the caller's deadline (orphan work).</li>
 * </ul>
 * A call that overlapped a fault on its link or on the callee instance is not judged for timing
 * (the fault made it slow, not the services), and a request that waited for a caller instance a
 * fault froze or killed is not judged for the budget the caller passed on or for orphan work (a
 * frozen process cannot count the time it did not run). The caller counts its remaining budget from when the
 * request reached it; the harness knows only when the request was sent (the load's clock) or when
 * the fault proxy saw it, so the tied rules allow {@value #TRANSIT_ALLOWANCE_MS} ms for transit and
 * for the stalls of two shared cores on top of the grace.
 */
final class WireDeadlines {

    static final long TRANSIT_ALLOWANCE_MS = 500;

    /** What the wire showed for one caller->callee pair. */
    record Judged(int calls, long withoutBudget, long answeredLate, long inFaults, long tied, long overRemaining,
                  long orphans) {
        String describe() {
            return "wire: " + calls + " calls observed, " + withoutBudget + " without a budget, " + answeredLate
                    + " answered past their budget (" + inFaults + " during a fault on the link or callee, not judged for"
                    + " timing), " + (tied == 0 ? "none tied to its caller's request (no correlation id the caller"
                    + " received), so remaining budget and orphan work are not judged on the wire"
                    : tied + " tied to their caller's request: " + overRemaining + " given more than the caller had"
                    + " left, " + orphans + " answered 2xx after the caller's deadline");
        }

        boolean failed() {
            return withoutBudget > 0 || answeredLate > 0 || overRemaining > 0 || orphans > 0;
        }
    }

    /** A request the caller received: when it started and the budget it came with. */
    private record Inbound(long startMs, long budgetMs) {
        long deadlineMs() {
            return startMs + budgetMs;
        }
    }

    private WireDeadlines() {
    }

    /** Empty when nothing was observed on the pair's links (then {@link #whyNone} says why). */
    static Optional<Judged> judge(RunView run, DeadlineSubject subject, long graceMs,
                                  WorstExamples evidence) {
        long loadStart = run.loadStartMs().orElse(Long.MIN_VALUE);
        String prefix = subject.caller() + "->" + subject.callee() + "-";
        CompactEvents<HistoryEvent.HttpExchangeObserved> rows = run.exchanges();
        Map<Integer, Boolean> onPair = new HashMap<>();
        boolean callerHadBudget = callerHadBudget(run, subject);
        IntBuffer inbound = inbound(run, subject);
        List<Window> faults = faultWindows(run);
        Tally tally = new Tally();
        int calls = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!onPair.computeIfAbsent(rows.intAt(i, ExchangeCodec.LINK), id -> rows.ids().text(id).startsWith(prefix))
                    || rows.longAt(i, ExchangeCodec.REQUEST_AT) < loadStart) {
                continue;
            }
            calls++;
            HistoryEvent.HttpExchangeObserved call = rows.get(i);
            boolean duringFault = faults.stream().anyMatch(w -> w.covers(call));
            if (callerHadBudget && call.budgetHeader() == null) {
                tally.withoutBudget++;
                evidence.offer("no budget on the wire", fields(call));
            }
            judgeTiming(call, duringFault, graceMs, tally, evidence);
            int id = rows.intAt(i, ExchangeCodec.CORRELATION);
            int ref = id == Ids.NONE ? 0 : inbound.get(Ids.index(id));
            if (ref != 0) {
                Inbound caller = inboundAt(run, ref);
                boolean callerHeld = faults.stream().anyMatch(w -> w.holds(subject.caller(), caller.startMs(), call.requestAtMs()));
                judgeTied(call, caller, duringFault, callerHeld, graceMs, tally, evidence);
            }
        }
        if (calls == 0) {
            return Optional.empty();
        }
        return Optional.of(new Judged(calls, tally.withoutBudget, tally.late, tally.inFaults, tally.tied,
                tally.overRemaining, tally.orphans));
    }

    /** Counts of one pair's calls, as the rules find them. */
    private static final class Tally {
        long withoutBudget;
        long late;
        long inFaults;
        long tied;
        long overRemaining;
        long orphans;
    }

    /** The callee answered within its own budget plus the grace, unless a fault held the call. */
    private static void judgeTiming(HistoryEvent.HttpExchangeObserved call, boolean duringFault, long graceMs, Tally tally,
                                    WorstExamples evidence) {
        if (!answeredLate(call, graceMs)) {
            return;
        }
        if (duringFault) {
            tally.inFaults++;
        } else {
            tally.late++;
            evidence.offer("callee answered past its budget",
                    call.responseAtMs() - call.requestAtMs() - call.budgetMs(), fields(call));
        }
    }

    /**
     * For a call tied to its caller's request: no more budget than the caller had left, no 2xx after
     * its deadline; neither judged when a fault froze or killed the caller's instance while the
     * request waited for it (a frozen process cannot count the time it did not run).
     */
    private static void judgeTied(HistoryEvent.HttpExchangeObserved call, Inbound caller, boolean duringFault,
                                  boolean callerHeld, long graceMs, Tally tally, WorstExamples evidence) {
        tally.tied++;
        long remainingMs = caller.budgetMs() - (call.requestAtMs() - caller.startMs());
        if (!callerHeld && call.budgetMs() >= 0 && call.budgetMs() > remainingMs + graceMs + TRANSIT_ALLOWANCE_MS) {
            tally.overRemaining++;
            Map<String, Object> fields = fields(call);
            fields.put("callerRemainingMs", remainingMs);
            evidence.offer("more budget than the caller had left", call.budgetMs() - remainingMs, fields);
        }
        if (!duringFault && !callerHeld && call.status() / 100 == 2
                && call.responseAtMs() > caller.deadlineMs() + graceMs + TRANSIT_ALLOWANCE_MS) {
            tally.orphans++;
            Map<String, Object> fields = fields(call);
            fields.put("callerDeadlineAtMs", caller.deadlineMs());
            evidence.offer("orphan work on the wire", call.responseAtMs() - caller.deadlineMs(), fields);
        }
    }

    private static boolean answeredLate(HistoryEvent.HttpExchangeObserved call, long graceMs) {
        return call.status() != 0 && call.budgetMs() >= 0
                && call.responseAtMs() - call.requestAtMs() > call.budgetMs() + graceMs;
    }

    /** The offending exchange: its link, request, times and budget. */
    private static Map<String, Object> fields(HistoryEvent.HttpExchangeObserved call) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("link", call.link());
        fields.put("request", call.method() + " " + call.target());
        fields.put("correlationId", String.valueOf(call.correlationId()));
        fields.put("requestAtMs", call.requestAtMs());
        fields.put("answeredAfterMs", call.status() == 0 ? -1 : call.responseAtMs() - call.requestAtMs());
        fields.put("budgetMs", call.budgetMs());
        fields.put("status", call.status());
        return fields;
    }

    /**
     * The caller's requests by correlation id ({@link Ids#index}): for the load's entry service, the
     * load's own requests (by the id each sent in its request-id header), as request row + 1; for any
     * other, the calls into it the proxy saw, as -(exchange row + 1); 0 where none. The first wins.
     */
    private static IntBuffer inbound(RunView run, DeadlineSubject subject) {
        IntBuffer byId = run.ids().intsPerId();
        if (isEntry(run, subject)) {
            CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
            for (int i = 0; i < requests.size(); i++) {
                int id = requests.intAt(i, RequestCodec.REQUEST_ID);
                if (id != Ids.NONE && requests.longAt(i, RequestCodec.BUDGET) > 0 && byId.get(Ids.index(id)) == 0) {
                    byId.put(Ids.index(id), i + 1);
                }
            }
        }
        CompactEvents<HistoryEvent.HttpExchangeObserved> rows = run.exchanges();
        Map<Integer, Boolean> intoCaller = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            int id = rows.intAt(i, ExchangeCodec.CORRELATION);
            if (id != Ids.NONE && rows.longAt(i, ExchangeCodec.BUDGET) >= 0 && byId.get(Ids.index(id)) == 0
                    && intoCaller.computeIfAbsent(rows.intAt(i, ExchangeCodec.LINK),
                            link -> callsInto(rows.ids().text(link), subject.caller()))) {
                byId.put(Ids.index(id), -(i + 1));
            }
        }
        return byId;
    }

    private static Inbound inboundAt(RunView run, int ref) {
        if (ref > 0) {
            return new Inbound(run.requests().longAt(ref - 1, RequestCodec.START), run.requests().longAt(ref - 1, RequestCodec.BUDGET));
        }
        return new Inbound(run.exchanges().longAt(-ref - 1, ExchangeCodec.REQUEST_AT),
                run.exchanges().longAt(-ref - 1, ExchangeCodec.BUDGET));
    }

    private static boolean callsInto(String link, String service) {
        int arrow = link.indexOf("->");
        return arrow >= 0 && DeadlineSubject.isInstanceOf(link.substring(arrow + 2), service);
    }

    private static boolean isEntry(RunView run, DeadlineSubject subject) {
        return run.all(HistoryEvent.RunStarted.class).stream()
                .anyMatch(r -> subject.caller().equals(r.parameters().get("entryService")));
    }

    /** Why the wire has nothing for the pair: the proxy's probe gap, or no call at all. */
    static String whyNone(RunView run) {
        return run.all(HistoryEvent.ProbeGap.class).stream().filter(g -> g.probe().equals("wire"))
                .map(HistoryEvent.ProbeGap::reason).findFirst()
                .orElse("no call observed on the link during the load");
    }

    /** The entry service had the load's budgets; any other caller had one when a call into it carried one. */
    private static boolean callerHadBudget(RunView run, DeadlineSubject subject) {
        if (isEntry(run, subject)) {
            CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
            return IntStream.range(0, requests.size()).anyMatch(i -> requests.longAt(i, RequestCodec.BUDGET) > 0);
        }
        CompactEvents<HistoryEvent.HttpExchangeObserved> rows = run.exchanges();
        return IntStream.range(0, rows.size()).anyMatch(i -> rows.intAt(i, ExchangeCodec.BUDGET_HEADER) != Ids.NONE
                && callsInto(rows.ids().text(rows.intAt(i, ExchangeCodec.LINK)), subject.caller()));
    }

    private record Window(long fromMs, long toMs, List<String> targets) {
        /** Whether it acted on an instance of {@code service} between the two times. */
        boolean holds(String service, long fromAtMs, long toAtMs) {
            return fromAtMs <= toMs && toAtMs >= fromMs
                    && targets.stream().anyMatch(t -> t.matches(java.util.regex.Pattern.quote(service) + "-\\d+"));
        }

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
