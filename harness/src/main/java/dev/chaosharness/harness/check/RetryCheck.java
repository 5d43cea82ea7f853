package dev.chaosharness.harness.check;

import java.nio.LongBuffer;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.ExchangeCodec;
import dev.chaosharness.harness.history.compact.Ids;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retries as the wire shows them, per caller->callee pair the fault proxy observed: the calls that
 * carry one correlation id (the caller forwarding the load's request id or a trace id) to one
 * operation of the callee (method and path, whatever instance answered), each within
 * {@value #SAME_REQUEST_WITHIN_MS} ms of the one before, are the attempts of one caller request.
 * FAIL when a request made more than {@code maxAttempts}; when the calls on the pair per caller
 * request, over any phase (before, during and after each window), exceed {@code maxAmplification};
 * when an attempt followed the previous one's answer by less than {@code minBackoffMs} (a retry at
 * once); or when a retry started after the caller's deadline (its request's start plus its budget,
 * the grace and {@value WireDeadlines#TRANSIT_ALLOWANCE_MS} ms for the clocks and the stalls of two
 * shared cores). NOT_APPLICABLE for a pair whose calls carry no correlation id, with the reason;
 * calls before the load are not judged. Reads the history's columns and keeps only the requests of
 * the last minute, so a long run is judged in a small heap.
 */
public final class RetryCheck implements Check {

    public static final String NAME = "RetryCheck";
    /** Calls further apart than this are separate requests, even with one correlation id. */
    static final long SAME_REQUEST_WITHIN_MS = 60_000;
    private static final int TIMELINE_KEPT = 12;

    private final int maxAttempts;
    private final double maxAmplification;
    private final long minBackoffMs;
    private final long graceMs;

    public RetryCheck(int maxAttempts, double maxAmplification, long minBackoffMs, long graceMs) {
        this.maxAttempts = maxAttempts;
        this.maxAmplification = maxAmplification;
        this.minBackoffMs = minBackoffMs;
        this.graceMs = graceMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    private String threshold() {
        return "attempts <= " + maxAttempts + ", calls per request <= " + GcPauseCheck.fmt(maxAmplification)
                + " over any phase, next attempt >= " + minBackoffMs + " ms after an answer, no retry after the caller's deadline";
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        List<Phases.Phase> phases = Phases.of(run);
        Map<String, Pair> pairs = new TreeMap<>();
        LongBuffer deadlines = callerDeadlines(run);
        long loadStart = run.loadStartMs().orElse(Long.MIN_VALUE);
        CompactEvents<HistoryEvent.HttpExchangeObserved> rows = run.exchanges();
        Map<Integer, Pair> pairOfLink = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            long requestAt = rows.longAt(i, ExchangeCodec.REQUEST_AT);
            if (requestAt < loadStart) {
                continue;
            }
            Pair pair = pairOfLink.computeIfAbsent(rows.intAt(i, ExchangeCodec.LINK), link -> pairs.computeIfAbsent(
                    pairName(rows.ids().text(link)), name -> new Pair(name, phases)));
            pair.call(rows, i, deadlines);
        }
        if (pairs.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "wire", threshold(),
                    "no HTTP call between services was observed during the load"));
        }
        List<CheckResult> results = new ArrayList<>();
        pairs.values().forEach(pair -> results.add(pair.judge()));
        return results;
    }

    /** {@code gateway->risk} for the link {@code gateway->risk-2}. */
    private static String pairName(String link) {
        int instanceDash = link.lastIndexOf('-');
        return instanceDash > link.indexOf("->") + 1 ? link.substring(0, instanceDash) : link;
    }

    /** When each request of the load gave up (start + budget), by the dense index of the request id it sent; 0: none. */
    private static LongBuffer callerDeadlines(RunView run) {
        LongBuffer deadlines = run.ids().longsPerId();
        CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
        for (int i = 0; i < requests.size(); i++) {
            int id = requests.intAt(i, RequestCodec.REQUEST_ID);
            if (id != Ids.NONE) {
                deadlines.put(Ids.index(id), requests.longAt(i, RequestCodec.START) + requests.longAt(i, RequestCodec.BUDGET));
            }
        }
        return deadlines;
    }

    /** The attempts of one caller request so far. */
    private static final class Request {
        final String key;
        final long firstAtMs;
        final long deadlineMs;
        final List<String> timeline = new ArrayList<>();
        int attempts;
        long lastRequestAtMs;
        long lastAnsweredOrSentMs;
        int lastPhase = -1;
        long atOnce;
        long late;

        Request(String key, long firstAtMs, long deadlineMs) {
            this.key = key;
            this.firstAtMs = firstAtMs;
            this.deadlineMs = deadlineMs;
        }
    }

    /** What the wire showed for one caller->callee pair, request by request. */
    private final class Pair {
        final String name;
        final List<Phases.Phase> phases;
        final long[] callsInPhase;
        final long[] requestsInPhase;
        /** Open requests, the longest quiet first (access order). */
        final LinkedHashMap<String, Request> open = new LinkedHashMap<>(16, 0.75f, true);
        final Map<Integer, String> operationOfTarget = new HashMap<>();
        final WorstExamples evidence = new WorstExamples(5);
        long uncorrelated;
        long requests;
        long retried;
        int mostAttempts;
        long atOnce;
        long late;
        long closestMs = Long.MAX_VALUE;

        Pair(String name, List<Phases.Phase> phases) {
            this.name = name;
            this.phases = phases;
            this.callsInPhase = new long[phases.size()];
            this.requestsInPhase = new long[phases.size()];
        }

        void call(CompactEvents<HistoryEvent.HttpExchangeObserved> rows, int i, LongBuffer deadlines) {
            long requestAt = rows.longAt(i, ExchangeCodec.REQUEST_AT);
            closeQuietBefore(requestAt - SAME_REQUEST_WITHIN_MS);
            int correlation = rows.intAt(i, ExchangeCodec.CORRELATION);
            if (correlation == Ids.NONE) {
                uncorrelated++;
                return;
            }
            Ids ids = rows.ids();
            String key = ids.text(correlation) + " " + ids.text(rows.intAt(i, ExchangeCodec.METHOD)) + " "
                    + operationOfTarget.computeIfAbsent(rows.intAt(i, ExchangeCodec.TARGET), target -> path(ids.text(target)));
            Request request = open.get(key);
            if (request == null) {
                request = new Request(key, requestAt, deadlines.get(Ids.index(correlation)));
                open.put(key, request);
                requests++;
            } else {
                long gapMs = requestAt - request.lastAnsweredOrSentMs;
                closestMs = Math.min(closestMs, gapMs);
                request.atOnce += gapMs < minBackoffMs ? 1 : 0;
                request.late += request.deadlineMs > 0
                        && requestAt > request.deadlineMs + graceMs + WireDeadlines.TRANSIT_ALLOWANCE_MS ? 1 : 0;
            }
            long responseAt = rows.longAt(i, ExchangeCodec.RESPONSE_AT);
            int status = rows.intAt(i, ExchangeCodec.STATUS);
            request.attempts++;
            request.lastRequestAtMs = requestAt;
            request.lastAnsweredOrSentMs = responseAt > 0 ? responseAt : requestAt;
            if (request.timeline.size() < TIMELINE_KEPT) {
                request.timeline.add("+" + (requestAt - request.firstAtMs) + " ms " + (status == 0 ? "no answer"
                        : Integer.toString(status)) + " (" + ids.text(rows.intAt(i, ExchangeCodec.LINK)) + ")");
            }
            int phase = phaseOf(requestAt);
            if (phase >= 0) {
                callsInPhase[phase]++;
                if (request.lastPhase != phase) {
                    requestsInPhase[phase]++;
                    request.lastPhase = phase;
                }
            }
        }

        private int phaseOf(long atMs) {
            for (int p = 0; p < phases.size(); p++) {
                if (phases.get(p).contains(atMs)) {
                    return p;
                }
            }
            return -1;
        }

        /** Requests with no attempt since {@code beforeMs} are over: counted, and offered as evidence. */
        private void closeQuietBefore(long beforeMs) {
            Iterator<Request> quietest = open.values().iterator();
            while (quietest.hasNext()) {
                Request request = quietest.next();
                if (request.lastRequestAtMs >= beforeMs) {
                    return;
                }
                quietest.remove();
                close(request);
            }
        }

        private void close(Request request) {
            mostAttempts = Math.max(mostAttempts, request.attempts);
            if (request.attempts < 2) {
                return;
            }
            retried++;
            atOnce += request.atOnce;
            late += request.late;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("request", request.key);
            row.put("attempts", request.attempts);
            row.put("retries sooner than the backoff", request.atOnce);
            row.put("retries after the caller's deadline", request.late);
            if (request.deadlineMs > 0) {
                row.put("caller gave up at", "+" + (request.deadlineMs - request.firstAtMs) + " ms");
            }
            row.put("each attempt", String.join(", ", request.timeline)
                    + (request.attempts > TIMELINE_KEPT ? ", ... (" + request.attempts + " in all)" : ""));
            evidence.offer("retried-request", request.attempts * 1000L + request.atOnce + request.late, row);
        }

        CheckResult judge() {
            closeQuietBefore(Long.MAX_VALUE);
            if (requests == 0) {
                return CheckResult.notApplicable(NAME, name, threshold(), uncorrelated + " calls observed, none with a"
                        + " correlation id: retries cannot be told from new requests (forward the load's request id or a"
                        + " traceparent to the callee)");
            }
            Map<String, Double> amplification = new LinkedHashMap<>();
            for (int p = 0; p < phases.size(); p++) {
                if (requestsInPhase[p] > 0) {
                    amplification.put(phases.get(p).name(), (double) callsInPhase[p] / requestsInPhase[p]);
                }
            }
            double worstAmplification = amplification.values().stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
            boolean failed = mostAttempts > maxAttempts || worstAmplification > maxAmplification || atOnce > 0 || late > 0;
            List<String> perPhase = new ArrayList<>();
            amplification.forEach((phase, value) -> perPhase.add(GcPauseCheck.fmt(value) + " " + phase));
            String measured = "at most " + mostAttempts + " attempts per request (" + retried + " of " + requests
                    + " requests retried), calls per request " + String.join(", ", perPhase)
                    + (retried == 0 ? "" : ", closest retry " + closestMs + " ms after the previous answer, " + atOnce
                    + " retries sooner than " + minBackoffMs + " ms, " + late + " retries after the caller's deadline")
                    + (uncorrelated > 0 ? "; " + uncorrelated + " calls without a correlation id not counted" : "");
            String summary = failed ? reasons(worstAmplification)
                    : retried == 0 ? "no request was retried" : "retries were bounded, spaced and within the caller's deadline";
            return new CheckResult(NAME, name, failed ? Verdict.FAIL : Verdict.PASS, measured, threshold(), summary,
                    evidence.rows()).withFigures("max attempts", mostAttempts, "max calls per request", worstAmplification,
                    "retries at once", atOnce, "retries after deadline", late);
        }

        private String reasons(double worstAmplification) {
            List<String> reasons = new ArrayList<>();
            if (mostAttempts > maxAttempts) {
                reasons.add("a request was tried " + mostAttempts + " times (max-attempts " + maxAttempts + ")");
            }
            if (worstAmplification > maxAmplification) {
                reasons.add("retries multiplied the calls by " + GcPauseCheck.fmt(worstAmplification) + " (max-amplification "
                        + GcPauseCheck.fmt(maxAmplification) + ")");
            }
            if (atOnce > 0) {
                reasons.add(atOnce + " retries came less than " + minBackoffMs + " ms after the previous answer (min-backoff-ms)");
            }
            if (late > 0) {
                reasons.add(late + " retries started after their caller had given up");
            }
            return String.join("; ", reasons);
        }
    }

    private static String path(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
