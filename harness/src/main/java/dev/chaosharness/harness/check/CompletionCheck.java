package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.SourceRecord;
import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.spec.RecordSelector;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.Ids;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every accepted request reaches a final state (Jepsen's final read): each id the load was
 * answered with a success for must have a record on the subject's topic that the subject calls
 * final, once the topic has settled after the load. An accepted id that never got there is stuck:
 * more than {@code maxStuck} FAIL. The evidence lists the oldest stuck requests first (bounded),
 * each with the last state seen for it, the fault window nearest to it (the last that began before
 * it was sent, else the first after) and the change of a consumer group on its path nearest after it
 * was sent ({@link #groupChangeNear}).
 *
 * <p>Of an interrupted run, stuck requests are not judged (UNKNOWN): the interrupt may have cut
 * their work off; nor where a consumer group did not drain after the load (its backlog may still
 * finish them).
 */
public final class CompletionCheck implements Check {

    public static final String NAME = "CompletionCheck";
    private static final int EVIDENCE_ROWS = 20;

    private final List<CompletionSubject> subjects;
    private final int maxStuck;

    public CompletionCheck(List<CompletionSubject> subjects, int maxStuck) {
        this.subjects = List.copyOf(subjects);
        this.maxStuck = maxStuck;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> recordPointers() {
        return subjects.stream().flatMap(s -> s.pointers().stream()).distinct().toList();
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        if (subjects.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "completion", "stuck requests <= " + maxStuck,
                    "no final state declared (checks.completion)"));
        }
        return subjects.stream().map(subject -> evaluate(run, subject)).toList();
    }

    private CheckResult evaluate(RunView run, CompletionSubject subject) {
        String threshold = "accepted requests with no final state on " + subject.topic() + " <= " + maxStuck;
        BitSet accepted = acceptedIds(run);
        if (accepted.isEmpty()) {
            return CheckResult.unknown(NAME, subject.topic(), threshold,
                    "no accepted request carried an id (the load's id-field) to follow");
        }
        List<SourceRecord> records = run.records(subject.topic());
        if (records.isEmpty()) {
            return CheckResult.unknown(NAME, subject.topic(), threshold, "no record on " + subject.topic()
                    + (subject.readsHttp() ? ": the service was not asked" : ": nothing was produced, or the topic was not read"));
        }
        RecordSelector selector = subject.selector();
        BitSet reachedFinal = new BitSet();
        for (SourceRecord record : records) {
            int id = run.ids().existing(selector.idOf(record));
            if (id != Ids.NONE && subject.isFinal(record)) {
                reachedFinal.set(Ids.index(id));
            }
        }
        BitSet stuck = (BitSet) accepted.clone();
        stuck.andNot(reachedFinal);
        long stuckCount = stuck.cardinality();
        String measured = stuckCount + " of " + accepted.cardinality() + " accepted requests never reached a final state";
        List<Map<String, Object>> evidence = evidence(run, subject, stuck);
        boolean cutOff = run.all(HistoryEvent.LoadFinished.class).stream().anyMatch(HistoryEvent.LoadFinished::interrupted);
        if (cutOff && stuckCount > maxStuck) {
            return new CheckResult(NAME, subject.topic(), Verdict.UNKNOWN, measured, threshold,
                    "the run was interrupted: their work may have been cut off, not judged", evidence);
        }
        Optional<HistoryEvent.ProbeGap> heldBack = run.all(HistoryEvent.ProbeGap.class).stream()
                .filter(g -> g.probe().equals(HistoryEvent.ProbeGap.OPEN_TRANSACTION) && g.instance().equals(subject.topic()))
                .findFirst();
        if (heldBack.isPresent() && stuckCount > maxStuck) {
            return new CheckResult(NAME, subject.topic(), Verdict.UNKNOWN, measured, threshold,
                    heldBack.get().reason() + ": a final state after it could not be read, not judged", evidence);
        }
        Optional<String> undrained = run.notDrainedText();
        if (undrained.isPresent() && stuckCount > maxStuck) {
            return new CheckResult(NAME, subject.topic(), Verdict.UNKNOWN, measured, threshold, undrained.get()
                    + " within the drain's bound: its backlog may still bring them to a final state, not judged", evidence);
        }
        boolean fail = stuckCount > maxStuck;
        return new CheckResult(NAME, subject.topic(), fail ? Verdict.FAIL : Verdict.PASS, measured, threshold,
                fail ? "accepted requests with no final state, read as " + subject + " (oldest first in the evidence)"
                        : "every accepted request reached a final state, read as " + subject, evidence)
                .withFigures("stuck requests", stuckCount);
    }

    /** The ids the load was answered with a success for. */
    private static BitSet acceptedIds(RunView run) {
        CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
        BitSet ids = new BitSet();
        for (int i = 0; i < requests.size(); i++) {
            int id = requests.intAt(i, RequestCodec.CORRELATION);
            if (requests.intAt(i, RequestCodec.SUCCESS) == 1 && id != Ids.NONE) {
                ids.set(Ids.index(id));
            }
        }
        return ids;
    }

    /** When each id of {@code wanted} was first sent (one more pass over the requests, keeping the few wanted). */
    private static Map<Integer, Long> sentAt(RunView run, BitSet wanted) {
        CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
        Map<Integer, Long> sentAt = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            int id = requests.intAt(i, RequestCodec.CORRELATION);
            if (id != Ids.NONE && wanted.get(Ids.index(id)) && requests.intAt(i, RequestCodec.SUCCESS) == 1) {
                sentAt.merge(Ids.index(id), requests.longAt(i, RequestCodec.START), Math::min);
            }
        }
        return sentAt;
    }

    /** The oldest stuck requests, each with its last state, the fault and the rebalance before it. */
    private static List<Map<String, Object>> evidence(RunView run, CompletionSubject subject, BitSet stuck) {
        if (stuck.isEmpty()) {
            return List.of();
        }
        Map<Integer, Long> sentAt = sentAt(run, stuck);
        List<Integer> oldest = sentAt.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .limit(EVIDENCE_ROWS).map(Map.Entry::getKey).toList();
        Map<Integer, String> lastState = lastStates(run, subject, oldest);
        List<HistoryEvent.FaultApplied> faults = run.all(HistoryEvent.FaultApplied.class).stream()
                .sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList();
        List<HistoryEvent.ConsumerGroupObserved> groups = run.all(HistoryEvent.ConsumerGroupObserved.class).stream()
                .sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList();
        List<HistoryEvent.ConsumerLagObserved> lags = run.all(HistoryEvent.ConsumerLagObserved.class);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int index : oldest) {
            long sent = sentAt.get(index);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kind", "stuck");
            row.put("id", run.ids().text(Ids.idOfIndex(index)));
            row.put("sentAtMs", sent);
            row.put("lastState", lastState.getOrDefault(index, "no record"));
            nearest(faults, sent).ifPresent(f -> row.put("fault", "window " + f.window() + " (" + f.action()
                    + " " + String.join(",", f.targets()) + ") at " + f.atMs()));
            groupChangeNear(groups, lags, sent).ifPresent(g -> {
                row.put("groupChange", describe(g) + ", " + Math.abs(g.atMs() - sent) + " ms "
                        + (g.atMs() >= sent ? "after" : "before") + " it was sent");
                row.put("groupChangeAtMs", g.atMs());
            });
            rows.add(row);
        }
        return rows;
    }

    /**
     * The change of a consumer group most likely to have held a request up: the first change after
     * it was sent (else the last before it) of a group that had records to consume after it was sent
     * (lag above 0: the request's path goes through it), or of any group when none did or no lag
     * was sampled. A group that settled at the start and was idle since is not the one that matters.
     */
    static Optional<HistoryEvent.ConsumerGroupObserved> groupChangeNear(List<HistoryEvent.ConsumerGroupObserved> changes,
                                                                        List<HistoryEvent.ConsumerLagObserved> lags,
                                                                        long sentAtMs) {
        java.util.Set<String> busy = lags.stream().filter(l -> l.atMs() >= sentAtMs && l.lag() > 0)
                .map(HistoryEvent.ConsumerLagObserved::group).collect(java.util.stream.Collectors.toSet());
        List<HistoryEvent.ConsumerGroupObserved> onPath = busy.isEmpty() ? changes
                : changes.stream().filter(g -> busy.contains(g.group())).toList();
        Optional<HistoryEvent.ConsumerGroupObserved> after = onPath.stream().filter(g -> g.atMs() >= sentAtMs).findFirst();
        return after.isPresent() ? after : onPath.stream().filter(g -> g.atMs() < sentAtMs).reduce((a, b) -> b);
    }

    /** {@code ledger PreparingRebalance, members writer-1, writer-3}: the epoch only when the protocol has one (not -1). */
    private static String describe(HistoryEvent.ConsumerGroupObserved change) {
        return change.group() + " " + change.state() + (change.groupEpoch() < 0 ? "" : ", epoch " + change.groupEpoch())
                + ", " + (change.members().isEmpty() ? "no member" : "members " + change.members().stream()
                .map(HistoryEvent.GroupMember::clientId).collect(java.util.stream.Collectors.joining(", ")));
    }

    /**
     * The fault window most likely to have stopped a request's work: the last one that began before
     * it was sent, else the first after (a request sent just before a window is handled in it).
     */
    private static Optional<HistoryEvent.FaultApplied> nearest(List<HistoryEvent.FaultApplied> faults, long atMs) {
        HistoryEvent.FaultApplied last = null;
        for (HistoryEvent.FaultApplied fault : faults) {
            if (fault.atMs() <= atMs) {
                last = fault;
            } else if (last == null) {
                return Optional.of(fault);
            }
        }
        return Optional.ofNullable(last);
    }

    private static Map<Integer, String> lastStates(RunView run, CompletionSubject subject, List<Integer> indices) {
        Map<Integer, String> states = new HashMap<>();
        RecordSelector selector = subject.selector();
        for (SourceRecord record : run.records(subject.topic())) {
            int id = run.ids().existing(selector.idOf(record));
            if (id != Ids.NONE && indices.contains(Ids.index(id))) {
                states.put(Ids.index(id), subject.stateOf(record));
            }
        }
        return states;
    }
}
