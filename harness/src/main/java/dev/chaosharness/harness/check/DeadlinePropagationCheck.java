package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.SourceRecord;
import dev.chaosharness.harness.spec.DeadlineSubject;
import dev.chaosharness.harness.spec.RecordSelector;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.DeadlineCodec;
import dev.chaosharness.harness.history.compact.Ids;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the caller's deadline travelled downstream and was honoured, on each link the experiment
 * names ({@link DeadlineSubject}): from the fault proxy's observations of the link's HTTP exchanges
 * ({@link WireDeadlines}), which any service gives, and, where the services write them, from their
 * deadline lines (see {@code DeadlineLogProbe}), which add:
 * <ul>
 *   <li>late: every response to the load came within its budget + {@code graceMs} (no answer counts as late);</li>
 *   <li>not propagated: the callee received less budget than the caller had left when it called;</li>
 *   <li>orphans: the callee did no work ({@code done}) it did not later undo (a compensation line,
 *       {@code undone}), and no declared effect appeared, for a request whose client got a failure,
 *       no answer, or never learned the request's id;</li>
 *   <li>retries: callee calls per request at most {@code maxAttempts}.</li>
 * </ul>
 */
public final class DeadlinePropagationCheck implements Check {

    public static final String NAME = "DeadlinePropagationCheck";
    /** Evidence rows of each kind: the worst, so every kind of violation shows and the list stays bounded. */
    private static final int MAX_EVIDENCE_PER_KIND = 10;

    private final List<DeadlineSubject> subjects;
    private final List<RecordSelector> effects;
    private final long graceMs;
    private final int maxAttempts;

    /** {@code effects}: records whose id means work was done for a request (an orphan when its client gave up). */
    public DeadlinePropagationCheck(List<DeadlineSubject> subjects, List<RecordSelector> effects, long graceMs,
                                    int maxAttempts) {
        this.subjects = List.copyOf(subjects);
        this.effects = List.copyOf(effects);
        this.graceMs = graceMs;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> recordPointers() {
        return effects.stream().flatMap(e -> e.pointers().stream()).distinct().toList();
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        if (subjects.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "links", "responses <= budget + " + graceMs + " ms",
                    "the experiment names no link whose deadline to judge"));
        }
        return subjects.stream().map(subject -> evaluate(run, subject)).toList();
    }

    private CheckResult evaluate(RunView run, DeadlineSubject subject) {
        String threshold = "responses <= budget + " + graceMs + " ms, " + subject.callee() + " budget <= "
                + subject.caller() + "'s remaining, 0 orphan calls, " + subject.callee() + " calls per request <= "
                + maxAttempts;
        List<HistoryEvent.RequestCompleted> requests = run.requests();
        DeadlineLines lines = new DeadlineLines(run, subject);
        WorstExamples evidence = new WorstExamples(MAX_EVIDENCE_PER_KIND);
        Optional<WireDeadlines.Judged> wire = WireDeadlines.judge(run, subject, graceMs, evidence);
        String wireText = wire.map(WireDeadlines.Judged::describe).orElse("wire: " + WireDeadlines.whyNone(run));
        if (requests.isEmpty()) {
            return CheckResult.unknown(NAME, subject.link(), threshold, "no requests in the history");
        }
        if (!lines.anyCaller) {
            return wireOnly(subject, threshold, requests, wire, wireText, evidence);
        }
        long[] worstOverMs = {Long.MIN_VALUE};
        long late = late(requests, evidence, worstOverMs);
        long notPropagated = notPropagated(lines, evidence);
        long[] undone = {0};
        long orphans = orphans(run, lines, undone, evidence);
        long overRetried = java.util.stream.IntStream.range(0, lines.calleeCalls.capacity())
                .filter(index -> lines.calleeCalls.get(index) > maxAttempts).count();
        boolean fail = late > 0 || notPropagated > 0 || orphans > 0 || overRetried > 0
                || wire.map(WireDeadlines.Judged::failed).orElse(false);
        String measured = lateText(late, requests, worstOverMs[0]) + ", "
                + notPropagated + " calls without the remaining budget, " + orphans + " orphan calls ("
                + undone[0] + " more undone by the service), "
                + overRetried + " requests called more than " + maxAttempts + " times; " + wireText;
        String summary = fail ? "the deadline was not honoured end to end" : "every request answered within its budget; "
                + subject.callee() + " never worked for a caller that had given up";
        return new CheckResult(NAME, subject.link(), fail ? Verdict.FAIL : Verdict.PASS, measured, threshold,
                summary, evidence.rows()).withFigures(figures(late, orphans, wire));
    }

    /** Late answers, orphan calls (lines and wire together), and the wire's calls without a budget or answered late. */
    private static Map<String, Double> figures(long late, long orphansFromLines, Optional<WireDeadlines.Judged> wire) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("late answers", (double) late);
        figures.put("orphan calls", (double) orphansFromLines + wire.map(WireDeadlines.Judged::orphans).orElse(0L));
        wire.ifPresent(w -> {
            figures.put("calls without a budget", (double) w.withoutBudget());
            figures.put("callee answers late", (double) w.answeredLate());
        });
        return figures;
    }

    /**
     * No deadline lines from the caller: the wire's rules and the client's answers are judged. The
     * rules that tie each call to its caller's request need a correlation id the services forward;
     * without one the summary says they were not judged.
     */
    private CheckResult wireOnly(DeadlineSubject subject, String threshold, List<HistoryEvent.RequestCompleted> requests,
                                 Optional<WireDeadlines.Judged> wire, String wireText, WorstExamples evidence) {
        if (wire.isEmpty()) {
            return CheckResult.unknown(NAME, subject.link(), threshold, "no deadline lines from " + subject.caller()
                    + " in the history, and " + wireText);
        }
        long[] worstOverMs = {Long.MIN_VALUE};
        long late = late(requests, evidence, worstOverMs);
        boolean fail = late > 0 || wire.get().failed();
        String measured = lateText(late, requests, worstOverMs[0]) + "; " + wireText;
        String judged = fail ? "the deadline was not honoured" : "every request answered within its budget and "
                + subject.callee() + " within the budget it was given";
        String summary = wire.get().tied() > 0
                ? judged + (fail ? "" : "; " + subject.callee() + " never given more than " + subject.caller()
                        + " had left, and never answered after " + subject.caller() + "'s deadline")
                : judged + "; remaining budget and orphan work not judged: the calls carry no correlation id of the"
                        + " caller's request, and " + subject.caller() + " writes no deadline lines";
        return new CheckResult(NAME, subject.link(), fail ? Verdict.FAIL : Verdict.PASS, measured, threshold, summary,
                evidence.rows()).withFigures(figures(late, 0, wire));
    }

    /** "3 late of 552 (worst 120 ms over budget)". */
    private static String lateText(long late, List<HistoryEvent.RequestCompleted> requests, long worstOverMs) {
        return late + " late of " + requests.size() + " (worst " + Math.abs(worstOverMs) + " ms "
                + (worstOverMs > 0 ? "over" : "under") + " budget)";
    }

    private long late(List<HistoryEvent.RequestCompleted> requests, WorstExamples evidence, long[] worstOverMs) {
        long late = 0;
        for (HistoryEvent.RequestCompleted request : requests) {
            long overMs = request.latencyMs() - request.budgetMs();
            worstOverMs[0] = Math.max(worstOverMs[0], overMs);
            if (request.status() == 0 || overMs > graceMs) {
                late++;
                long severity = request.status() == 0 ? Long.MAX_VALUE : overMs; // no answer at all is the worst
                evidence.offer("late", severity, Map.of("id", String.valueOf(request.correlationId()),
                        "status", request.status(), "latencyMs", request.latencyMs(), "budgetMs", request.budgetMs()));
            }
        }
        return late;
    }

    private static long notPropagated(DeadlineLines lines, WorstExamples evidence) {
        long notPropagated = 0;
        CompactEvents<HistoryEvent.DeadlineObserved> rows = lines.rows;
        for (int i = 0; i < rows.size(); i++) {
            int id = rows.intAt(i, DeadlineCodec.CORRELATION);
            if (id == Ids.NONE || !lines.ofLoad(i) || !lines.atCallee(i) || lines.undone(i)) {
                continue;
            }
            int callerRow = lines.callerRow.get(Ids.index(id)) - 1;
            long allowed = callerRow < 0 ? Long.MAX_VALUE
                    : rows.longAt(callerRow, DeadlineCodec.RECEIVED) - rows.longAt(callerRow, DeadlineCodec.ELAPSED);
            long received = rows.longAt(i, DeadlineCodec.RECEIVED);
            if (received < 0 || received > allowed) {
                notPropagated++;
                long severity = received < 0 ? Long.MAX_VALUE : received - allowed; // no budget at all is the worst
                evidence.offer("budget not propagated", severity, Map.of("id", rows.ids().text(id),
                        "calleeInstance", rows.ids().text(rows.intAt(i, DeadlineCodec.INSTANCE)),
                        "calleeReceivedMs", received, "callerRemainingMs", callerRow < 0 ? -1 : allowed));
            }
        }
        return notPropagated;
    }

    /**
     * Requests whose client saw them fail (another status, no answer, or an id no client was told
     * of) for which the callee did the work, or a declared effect appeared. When the run was
     * interrupted, an id no client was told of may be a request the interrupt cut off: not counted.
     */
    private long orphans(RunView run, DeadlineLines lines, long[] undone, WorstExamples evidence) {
        CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
        BitSet succeeded = new BitSet();
        BitSet clientSawFail = new BitSet();
        for (int i = 0; i < requests.size(); i++) {
            int id = requests.intAt(i, RequestCodec.CORRELATION);
            if (id != Ids.NONE) {
                (requests.intAt(i, RequestCodec.SUCCESS) == 1 ? succeeded : clientSawFail).set(Ids.index(id));
            }
        }
        boolean cutOff = run.all(HistoryEvent.LoadFinished.class).stream().anyMatch(HistoryEvent.LoadFinished::interrupted);
        BitSet recorded = (BitSet) succeeded.clone();
        recorded.or(clientSawFail);
        for (int index = 0; index < lines.callerRow.capacity(); index++) {
            int row = lines.callerRow.get(index) - 1;
            if (row >= 0 && (!lines.done(row) || !succeeded.get(index)) && !(cutOff && !recorded.get(index))) {
                clientSawFail.set(index);
            }
        }
        BitSet effected = new BitSet();
        for (RecordSelector selector : effects) {
            for (SourceRecord record : run.records(selector.topic())) {
                int id = selector.selects(record) ? run.ids().existing(selector.idOf(record)) : Ids.NONE;
                if (id != Ids.NONE) {
                    effected.set(Ids.index(id));
                }
            }
        }
        long orphans = 0;
        for (int index = clientSawFail.nextSetBit(0); index >= 0; index = clientSawFail.nextSetBit(index + 1)) {
            boolean worked = lines.calleeDone.get(index);
            String id = run.ids().text(Ids.idOfIndex(index));
            if (worked && lines.compensated.get(index) && !effected.get(index)) {
                undone[0]++;
                evidence.offer("work undone", Map.of("id", id));
                continue;
            }
            if (worked || effected.get(index)) {
                orphans++;
                evidence.offer("orphan call", Map.of("id", id, "calleeDidTheWork", worked, "effectSeen", effected.get(index)));
            }
        }
        return orphans;
    }
}
