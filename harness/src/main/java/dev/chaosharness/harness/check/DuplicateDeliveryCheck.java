package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Records processed twice, and records lost, around consumer-group rebalances, for each group the
 * experiment names ({@link DuplicateSubject}):
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
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "effect duplicates <= " + maxEffectDuplicates + ", lost = 0";
        if (subjects.isEmpty()) {
            return List.of(CheckResult.notApplicable(NAME, "consumer groups", threshold,
                    "the experiment names no consumer group and effect topic to judge"));
        }
        return subjects.stream().map(subject -> evaluate(run, subject, threshold)).toList();
    }

    private CheckResult evaluate(RunView run, DuplicateSubject subject, String threshold) {
        List<HistoryEvent.KafkaRecordSeen> sources = run.records(subject.source().topic()).stream()
                .filter(subject.source()::selects).toList();
        List<HistoryEvent.KafkaRecordSeen> effects = run.records(subject.effects().topic()).stream()
                .filter(subject.effects()::selects).toList();
        Set<String> expected = expectedIds(run, subject, sources);
        if (sources.isEmpty() || expected.isEmpty()) {
            return CheckResult.unknown(NAME, subject.group(), threshold, "no " + (sources.isEmpty()
                    ? "record on " + subject.source().topic() : "expected id") + ": nothing was produced, or the topics were not read");
        }
        Optional<Boolean> drained = run.drained(subject.group());
        if (drained.isEmpty() || !drained.get()) {
            return CheckResult.unknown(NAME, subject.group(), threshold,
                    "the group did not drain, so missing effects cannot be told from late ones");
        }
        Map<String, List<HistoryEvent.KafkaRecordSeen>> effectsByKey = effects.stream()
                .collect(Collectors.groupingBy(subject.effects()::keyOf, LinkedHashMap::new, Collectors.toList()));
        Set<String> effectIds = effects.stream().map(subject.effects()::idOf).collect(Collectors.toSet());
        List<HistoryEvent.ConsumerGroupObserved> timeline = run.all(HistoryEvent.ConsumerGroupObserved.class).stream()
                .filter(g -> g.group().equals(subject.group())).toList();

        List<Map<String, Object>> evidence = new ArrayList<>();
        int duplicates = 0;
        int unexplained = 0;
        for (List<HistoryEvent.KafkaRecordSeen> same : effectsByKey.values()) {
            if (same.size() < 2) {
                continue;
            }
            duplicates += same.size() - 1;
            List<HistoryEvent.KafkaRecordSeen> byTime = same.stream()
                    .sorted(Comparator.comparingLong(HistoryEvent.KafkaRecordSeen::timestampMs)).toList();
            Optional<HistoryEvent.ConsumerGroupObserved> cause = sameMemberAndGeneration(subject, byTime)
                    ? Optional.empty() : lastRebalanceBefore(timeline, byTime.get(byTime.size() - 1).timestampMs());
            if (cause.isEmpty()) {
                unexplained++;
            }
            evidence.add(duplicateEvidence(subject, byTime, cause));
        }
        List<String> lost = expected.stream().filter(id -> !effectIds.contains(id)).sorted().toList();
        lost.forEach(id -> evidence.add(Map.of("kind", "lost", "id", id)));
        long publishedTwice = sources.stream().collect(Collectors.groupingBy(subject.source()::idOf, Collectors.counting()))
                .values().stream().filter(n -> n > 1).count();

        boolean fail = duplicates > maxEffectDuplicates || !lost.isEmpty();
        String measured = duplicates + " effect duplicates (" + unexplained + " unexplained), " + lost.size()
                + " lost, " + publishedTwice + " source records published twice";
        String summary = fail
                ? (duplicates > maxEffectDuplicates ? duplicates + " effects repeated one already made" : "")
                + (duplicates > maxEffectDuplicates && !lost.isEmpty() ? "; " : "")
                + (lost.isEmpty() ? "" : lost.size() + " expected ids never had an effect")
                : "every expected id had exactly one effect (" + expected.size() + " ids)";
        return new CheckResult(NAME, subject.group(), fail ? Verdict.FAIL : Verdict.PASS, measured, threshold,
                summary, evidence).withFigures("duplicates", duplicates, "lost", lost.size());
    }

    private static Set<String> expectedIds(RunView run, DuplicateSubject subject, List<HistoryEvent.KafkaRecordSeen> sources) {
        if (subject.expected().equals(DuplicateSubject.FROM_SOURCE)) {
            return sources.stream().map(subject.source()::idOf).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
        }
        return run.requests().stream().filter(r -> r.success() && r.correlationId() != null)
                .map(HistoryEvent.RequestCompleted::correlationId).collect(Collectors.toSet());
    }

    /** Made twice by one member in one generation: only when the effects say who made them. */
    private static boolean sameMemberAndGeneration(DuplicateSubject subject, List<HistoryEvent.KafkaRecordSeen> effects) {
        if (subject.memberPointer().isEmpty()) {
            return false;
        }
        return effects.stream().map(e -> owner(subject, e)).distinct().count() == 1;
    }

    private static String owner(DuplicateSubject subject, HistoryEvent.KafkaRecordSeen effect) {
        return RecordSelector.text(effect.value().at(subject.memberPointer())) + (subject.generationPointer().isEmpty()
                ? "" : " gen " + RecordSelector.text(effect.value().at(subject.generationPointer())));
    }

    /** The last group change (members, assignment or state) observed at or before {@code atMs}. */
    private static Optional<HistoryEvent.ConsumerGroupObserved> lastRebalanceBefore(
            List<HistoryEvent.ConsumerGroupObserved> timeline, long atMs) {
        HistoryEvent.ConsumerGroupObserved previous = null;
        HistoryEvent.ConsumerGroupObserved lastChange = null;
        for (HistoryEvent.ConsumerGroupObserved observed : timeline) {
            if (observed.atMs() > atMs) {
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

    private static Map<String, Object> duplicateEvidence(DuplicateSubject subject, List<HistoryEvent.KafkaRecordSeen> effects,
                                                         Optional<HistoryEvent.ConsumerGroupObserved> cause) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "duplicate");
        evidence.put("id", subject.effects().idOf(effects.get(0)));
        evidence.put("key", subject.effects().keyOf(effects.get(0)));
        evidence.put("effects", effects.stream().map(e -> (subject.memberPointer().isEmpty() ? "" : owner(subject, e) + " ")
                + "p" + e.partition() + "@" + e.offset() + " at " + e.timestampMs()).toList());
        evidence.put("attributedTo", cause.map(c -> "rebalance seen at " + c.atMs() + " (" + c.state() + ", members "
                + c.members().stream().map(HistoryEvent.GroupMember::clientId).toList() + ")").orElse("unexplained"));
        return evidence;
    }
}
