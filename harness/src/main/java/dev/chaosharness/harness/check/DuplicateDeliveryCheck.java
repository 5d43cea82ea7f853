package dev.chaosharness.harness.check;

import java.nio.IntBuffer;
import dev.chaosharness.harness.history.SourceRecord;
import dev.chaosharness.harness.spec.JdbcQuery;
import dev.chaosharness.harness.spec.RecordSelector;
import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.Ids;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records processed twice, and records lost, around consumer-group rebalances, for each group the
 * experiment names ({@link DuplicateSubject}). The effects are the records of a topic, or the rows of
 * a database query ({@link JdbcQuery}) read after the drain:
 * <ul>
 *   <li>effect duplicates: one effect key seen more than once among the effects; at most {@code maxEffectDuplicates};</li>
 *   <li>lost: an expected id (an accepted request's, or a source record's) with no effect after the drain; always 0.</li>
 * </ul>
 * A duplicate is attributed to the last rebalance (a change of members, assignment or state) seen
 * before its latest effect. Where the effects carry the member and generation that produced them,
 * a duplicate made twice by one member in one generation has no rebalance to blame and is flagged
 * unexplained; so is one with no rebalance before it.
 */
public final class DuplicateDeliveryCheck implements Check {

    public static final String NAME = "DuplicateDeliveryCheck";
    /** Of each kind (duplicates, lost ids), the worst this many are evidence; the counts cover them all. */
    private static final int EVIDENCE_ROWS = 50;
    /** How much later than an effect the group probe may observe the rebalance that effect followed. */
    static final long OBSERVATION_LAG_MS = 1_000;

    private final List<DuplicateSubject> subjects;
    private final int maxEffectDuplicates;

    public DuplicateDeliveryCheck(List<DuplicateSubject> subjects, int maxEffectDuplicates) {
        this.subjects = List.copyOf(subjects);
        this.maxEffectDuplicates = maxEffectDuplicates;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> recordPointers() {
        return subjects.stream().flatMap(s -> java.util.stream.Stream.of(s.source().pointers(), s.effects().pointers(),
                java.util.stream.Stream.of(s.memberPointer(), s.generationPointer()).filter(p -> !p.isEmpty()).toList()))
                .flatMap(List::stream).distinct().toList();
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "effect duplicates <= " + maxEffectDuplicates + ", lost = 0";
        if (subjects.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "consumer groups", threshold,
                    "the experiment names no consumer group and effect topic to judge"));
        }
        return subjects.stream().map(subject -> evaluate(run, subject, threshold)).toList();
    }

    private CheckResult evaluate(RunView run, DuplicateSubject subject, String threshold) {
        Tally tally = tally(run, subject);
        if (tally.sources == 0 || tally.expected.isEmpty()) {
            return CheckResult.unknown(NAME, subject.group(), threshold, "no " + (tally.sources == 0
                    ? "record on " + subject.source().topic() : "expected id") + ": nothing was produced, or the topics were not read");
        }
        Optional<Boolean> drained = run.drained(subject.group());
        if (drained.isEmpty() || !drained.get()) {
            return CheckResult.unknown(NAME, subject.group(), threshold,
                    "the group did not drain, so missing effects cannot be told from late ones");
        }
        List<HistoryEvent.ConsumerGroupObserved> timeline = run.all(HistoryEvent.ConsumerGroupObserved.class).stream()
                .filter(g -> g.group().equals(subject.group())).toList();

        // Counts stream over every repeated key in a few bytes each; evidence is the worst rows only:
        // the keys with the most effects first (ties as they came), then the lost ids.
        Map<Integer, Repeat> repeats = repeatedEffects(run, subject, tally);
        long duplicates = 0;
        long unexplained = 0;
        for (Repeat repeat : repeats.values()) {
            duplicates += repeat.count - 1;
            if (repeat.sameOwner || lastRebalanceBefore(timeline, repeat.latestMs).isEmpty()) {
                unexplained++;
            }
        }
        List<Integer> worst = repeats.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<Integer, Repeat> e) -> e.getValue().count).reversed())
                .limit(EVIDENCE_ROWS).map(Map.Entry::getKey).toList();
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (List<SourceRecord> same : effectsOf(run, subject, worst)) {
            List<SourceRecord> byTime = same.stream()
                    .sorted(Comparator.comparingLong(SourceRecord::timestampMs)).toList();
            Optional<HistoryEvent.ConsumerGroupObserved> cause = sameMemberAndGeneration(subject, byTime)
                    ? Optional.empty() : lastRebalanceBefore(timeline, byTime.get(byTime.size() - 1).timestampMs());
            evidence.add(duplicateEvidence(subject, byTime, cause));
        }
        Ids ids = run.ids();
        long lostCount = tally.expected.stream().filter(index -> !tally.effectIds.get(index)).count();
        tally.expected.stream().filter(index -> !tally.effectIds.get(index)).limit(EVIDENCE_ROWS)
                .mapToObj(index -> ids.text(Ids.idOfIndex(index))).sorted()
                .forEach(id -> evidence.add(lostEvidence(run, subject, tally, id)));

        Optional<HistoryEvent.ProbeGap> heldBack = run.all(HistoryEvent.ProbeGap.class).stream()
                .filter(g -> g.probe().equals(HistoryEvent.ProbeGap.OPEN_TRANSACTION)
                        && g.instance().equals(subject.effects().topic())).findFirst();
        if (lostCount > 0 && duplicates <= maxEffectDuplicates && heldBack.isPresent()) {
            return CheckResult.unknown(NAME, subject.group(), threshold, lostCount + " expected ids had no effect that could be"
                    + " read: " + heldBack.get().reason() + ", so missing effects cannot be told from unreadable ones");
        }
        Optional<String> undrained = run.notDrainedText();
        if (lostCount > 0 && duplicates <= maxEffectDuplicates && undrained.isPresent()) {
            return CheckResult.unknown(NAME, subject.group(), threshold, lostCount + " expected ids had no effect yet, but "
                    + undrained.get() + ", so missing effects cannot be told from late ones");
        }
        boolean fail = duplicates > maxEffectDuplicates || lostCount > 0;
        String measured = duplicates + " effect duplicates (" + unexplained + " unexplained), " + lostCount
                + " lost, " + tally.publishedTwice + " source records published twice";
        String summary = fail
                ? (duplicates > maxEffectDuplicates ? duplicates + " effects repeated one already made" : "")
                + (duplicates > maxEffectDuplicates && lostCount > 0 ? "; " : "")
                + (lostCount == 0 ? "" : lostCount + " expected ids never had an effect")
                : "every expected id had exactly one effect (" + tally.expected.cardinality() + " ids)";
        return new CheckResult(NAME, subject.group(), fail ? Verdict.FAIL : Verdict.PASS, measured, threshold,
                summary, evidence).withFigures("duplicates", duplicates, "lost", lostCount);
    }

    /**
     * One pass over the records: ids and keys as {@link Ids#index dense indices} in bit sets and
     * counters, so an hour of records costs a few bytes each.
     */
    private static final class Tally {
        long sources;
        long publishedTwice;
        final BitSet expected = new BitSet();
        final BitSet effectIds = new BitSet();
        /** The ids of the source records read: an expected id not among them was never published. */
        final BitSet publishedIds = new BitSet();
        IntBuffer effectKeyCounts;
    }

    private static Tally tally(RunView run, DuplicateSubject subject) {
        Ids ids = run.ids();
        Tally tally = new Tally();
        IntBuffer sourceIdCounts = ids.intsPerId();
        tally.effectKeyCounts = ids.intsPerId();
        boolean fromSource = subject.expected().equals(DuplicateSubject.FROM_SOURCE);
        for (SourceRecord record : run.sourceRecords()) {
            if (subject.source().selects(record)) {
                tally.sources++;
                int id = ids.existing(subject.source().idOf(record));
                if (id != Ids.NONE) {
                    mark(tally.publishedIds, id);
                }
                if (id != Ids.NONE && increment(sourceIdCounts, Ids.index(id)) == 2) {
                    tally.publishedTwice++;
                }
                if (fromSource && id != Ids.NONE && !subject.source().idOf(record).isEmpty()) {
                    mark(tally.expected, id);
                }
            }
            if (subject.effects().selects(record)) {
                int key = ids.existing(subject.effects().keyOf(record));
                increment(tally.effectKeyCounts, keyIndex(ids, key));
                int id = ids.existing(subject.effects().idOf(record));
                if (id != Ids.NONE) {
                    mark(tally.effectIds, id);
                }
            }
        }
        if (!fromSource) {
            CompactEvents<HistoryEvent.RequestCompleted> requests = run.requests();
            for (int i = 0; i < requests.size(); i++) {
                int id = requests.intAt(i, RequestCodec.CORRELATION);
                if (requests.intAt(i, RequestCodec.SUCCESS) == 1 && id != Ids.NONE) {
                    mark(tally.expected, id);
                }
            }
        }
        return tally;
    }

    /**
     * A lost id, saying where its trail ends: its source record was never published (the load's
     * answer accepted it, and no record of it is on the source topic), or it was and had no effect.
     */
    private static Map<String, Object> lostEvidence(RunView run, DuplicateSubject subject, Tally tally, String id) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", "lost");
        row.put("id", id);
        int known = run.ids().existing(id);
        boolean published = known != Ids.NONE && tally.publishedIds.get(Ids.index(known));
        row.put("trail", published ? "published on " + subject.source().topic() + ", no effect on " + subject.effects().topic()
                : "accepted, yet never published on " + subject.source().topic() + " (no record of it read there)");
        return row;
    }

    /** A key's counter; every record without one (or with one never stored) shares the last. */
    private static int keyIndex(Ids ids, int id) {
        return id == Ids.NONE ? ids.indexBound() - 1 : Ids.index(id);
    }

    /** Sets the id's bit (its index names it again: {@link Ids#idOfIndex}). */
    private static void mark(BitSet set, int id) {
        set.set(Ids.index(id));
    }

    /** What is kept of a key with more than one effect: enough to count it and to tell whether a rebalance explains it. */
    private static final class Repeat {
        int count;
        long latestMs = Long.MIN_VALUE;
        String firstOwner;
        boolean sameOwner = true;
    }

    /** The keys with more than one effect, by key index, as compact counters (one pass, nothing decoded kept). */
    private static Map<Integer, Repeat> repeatedEffects(RunView run, DuplicateSubject subject, Tally tally) {
        Map<Integer, Repeat> repeated = new LinkedHashMap<>();
        boolean owned = !subject.memberPointer().isEmpty();
        for (SourceRecord record : run.sourceRecords()) {
            if (subject.effects().selects(record)) {
                int key = keyIndex(run.ids(), run.ids().existing(subject.effects().keyOf(record)));
                if (tally.effectKeyCounts.get(key) > 1) {
                    Repeat repeat = repeated.computeIfAbsent(key, k -> new Repeat());
                    repeat.count++;
                    repeat.latestMs = Math.max(repeat.latestMs, record.timestampMs());
                    String owner = owned ? owner(subject, record) : null;
                    if (repeat.count == 1) {
                        repeat.firstOwner = owner;
                    } else if (!owned || !owner.equals(repeat.firstOwner)) {
                        repeat.sameOwner = false;
                    }
                }
            }
        }
        return repeated;
    }

    /** The effects of these keys, decoded, in the keys' order: the evidence's few. */
    private static List<List<SourceRecord>> effectsOf(RunView run, DuplicateSubject subject, List<Integer> keys) {
        Map<Integer, List<SourceRecord>> byKey = new LinkedHashMap<>();
        keys.forEach(key -> byKey.put(key, new ArrayList<>()));
        for (SourceRecord record : run.sourceRecords()) {
            if (subject.effects().selects(record)) {
                List<SourceRecord> same = byKey.get(keyIndex(run.ids(), run.ids().existing(subject.effects().keyOf(record))));
                if (same != null) {
                    same.add(record);
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    /** Made twice by one member in one generation: only when the effects say who made them. */
    private static boolean sameMemberAndGeneration(DuplicateSubject subject, List<SourceRecord> effects) {
        if (subject.memberPointer().isEmpty()) {
            return false;
        }
        return effects.stream().map(e -> owner(subject, e)).distinct().count() == 1;
    }

    private static String owner(DuplicateSubject subject, SourceRecord effect) {
        return RecordSelector.text(effect.value().at(subject.memberPointer())) + (subject.generationPointer().isEmpty()
                ? "" : " gen " + RecordSelector.text(effect.value().at(subject.generationPointer())));
    }

    /** A record as {@code p3@117}; a row of a query as {@code row 118 {transfer_id=5, ...}} (the columns the check reads). */
    private static String where(DuplicateSubject subject, SourceRecord effect) {
        return effect.kind() == SourceRecord.Kind.ROW ? effect.where() + " " + effect.value() : effect.where();
    }

    /**
     * The last group change (members, assignment or state) observed before an effect made at
     * {@code atMs}, or up to {@link #OBSERVATION_LAG_MS} after it: the probe sees a rebalance only at
     * its next poll (every 200 ms) once the broker answers, while the new owner may already be at work.
     */
    private static Optional<HistoryEvent.ConsumerGroupObserved> lastRebalanceBefore(
            List<HistoryEvent.ConsumerGroupObserved> timeline, long atMs) {
        HistoryEvent.ConsumerGroupObserved previous = null;
        HistoryEvent.ConsumerGroupObserved lastChange = null;
        for (HistoryEvent.ConsumerGroupObserved observed : timeline) {
            if (observed.atMs() > atMs + OBSERVATION_LAG_MS) {
                break;
            }
            if (previous != null && (!previous.members().equals(observed.members())
                    || !previous.state().equals(observed.state()))) {
                lastChange = observed;
            }
            previous = observed;
        }
        return Optional.ofNullable(lastChange);
    }

    private static Map<String, Object> duplicateEvidence(DuplicateSubject subject, List<SourceRecord> effects,
                                                         Optional<HistoryEvent.ConsumerGroupObserved> cause) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "duplicate");
        evidence.put("id", subject.effects().idOf(effects.get(0)));
        evidence.put("key", subject.effects().keyOf(effects.get(0)));
        evidence.put("effects", effects.stream().map(e -> (subject.memberPointer().isEmpty() ? "" : owner(subject, e) + " ")
                + where(subject, e) + (e.timestampMs() < 0 ? "" : " at " + e.timestampMs())).toList());
        boolean untimed = effects.stream().anyMatch(e -> e.timestampMs() < 0);
        evidence.put("attributedTo", cause.map(c -> "rebalance seen at " + c.atMs() + " (" + c.state() + ", members "
                + c.members().stream().map(HistoryEvent.GroupMember::clientId).toList() + ")")
                .orElse(untimed ? "unexplained: the rows carry no time (declare effects.time)" : "unexplained"));
        return evidence;
    }

    /** Adds one to a counter; returns its new value. */
    private static int increment(IntBuffer counts, int index) {
        int value = counts.get(index) + 1;
        counts.put(index, value);
        return value;
    }
}
