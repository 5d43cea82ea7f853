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
 * Kafka records processed twice, and records lost, around consumer-group rebalances.
 * <ul>
 *   <li>effect duplicates: one OrderPlaced (eventId) captured more than once; at most {@code maxEffectDuplicates};</li>
 *   <li>lost: an order answered 201 whose capture never appeared after the drain; always 0.</li>
 * </ul>
 * A duplicate captured by another member or in another generation is attributed to the last
 * rebalance (a change of members, assignment or state) seen before its latest capture; one with no
 * such change, or captured twice by the same member in the same generation, is flagged unexplained.
 */
public final class DuplicateDeliveryCheck implements Check {

    public static final String NAME = "DuplicateDeliveryCheck";

    private final int maxEffectDuplicates;

    public DuplicateDeliveryCheck(int maxEffectDuplicates) {
        this.maxEffectDuplicates = maxEffectDuplicates;
    }

    public DuplicateDeliveryCheck() {
        this(0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        String threshold = "effect duplicates <= " + maxEffectDuplicates + ", lost = 0";
        List<HistoryEvent.KafkaRecordSeen> orders = run.records("orders");
        List<HistoryEvent.KafkaRecordSeen> captures = run.records("payments");
        Set<String> placed = run.requests().stream().filter(r -> r.status() == 201 && r.orderId() != null)
                .map(HistoryEvent.RequestCompleted::orderId).collect(Collectors.toSet());
        if (orders.isEmpty() || placed.isEmpty()) {
            return List.of(CheckResult.unknown(NAME, "payment-capture", threshold,
                    "no orders were placed or the topics were not read"));
        }
        if (run.drained().isEmpty() || !run.drained().get()) {
            return List.of(CheckResult.unknown(NAME, "payment-capture", threshold,
                    "the capture group did not drain, so missing captures cannot be told from late ones"));
        }
        Map<String, List<HistoryEvent.KafkaRecordSeen>> capturesByEvent = captures.stream()
                .collect(Collectors.groupingBy(c -> RunView.text(c.value(), "eventId"), LinkedHashMap::new, Collectors.toList()));
        Set<String> capturedOrders = captures.stream().map(c -> RunView.text(c.value(), "orderId")).collect(Collectors.toSet());
        List<HistoryEvent.ConsumerGroupObserved> timeline = run.all(HistoryEvent.ConsumerGroupObserved.class);

        List<Map<String, Object>> evidence = new ArrayList<>();
        int duplicates = 0;
        int unexplained = 0;
        for (List<HistoryEvent.KafkaRecordSeen> same : capturesByEvent.values()) {
            if (same.size() < 2) {
                continue;
            }
            duplicates += same.size() - 1;
            List<HistoryEvent.KafkaRecordSeen> ordered = same.stream()
                    .sorted(Comparator.comparingLong(HistoryEvent.KafkaRecordSeen::timestampMs)).toList();
            boolean movedOwner = ordered.stream().map(c -> RunView.text(c.value(), "instanceId") + "/"
                    + c.value().path("generation").asInt()).distinct().count() > 1;
            Optional<HistoryEvent.ConsumerGroupObserved> cause = movedOwner
                    ? lastRebalanceBefore(timeline, ordered.get(ordered.size() - 1).timestampMs())
                    : Optional.empty();
            if (cause.isEmpty()) {
                unexplained++;
            }
            evidence.add(duplicateEvidence(ordered, cause));
        }
        List<String> lost = placed.stream().filter(id -> !capturedOrders.contains(id)).sorted().toList();
        lost.forEach(id -> evidence.add(Map.of("kind", "lost", "orderId", id)));
        long deliveryDuplicates = orders.stream().collect(Collectors.groupingBy(o -> RunView.text(o.value(), "orderId"),
                Collectors.counting())).values().stream().filter(n -> n > 1).count();

        boolean fail = duplicates > maxEffectDuplicates || !lost.isEmpty();
        String measured = duplicates + " effect duplicates (" + unexplained + " unexplained), " + lost.size()
                + " lost, " + deliveryDuplicates + " orders published twice";
        String summary = fail
                ? (duplicates > maxEffectDuplicates ? duplicates + " captures repeated an order already captured" : "")
                + (duplicates > maxEffectDuplicates && !lost.isEmpty() ? "; " : "")
                + (lost.isEmpty() ? "" : lost.size() + " orders answered 201 were never captured")
                : "every placed order was captured exactly once (" + placed.size() + " orders)";
        return List.of(new CheckResult(NAME, "payment-capture", fail ? Verdict.FAIL : Verdict.PASS, measured, threshold,
                summary, evidence));
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

    private static Map<String, Object> duplicateEvidence(List<HistoryEvent.KafkaRecordSeen> captures,
                                                         Optional<HistoryEvent.ConsumerGroupObserved> cause) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("kind", "duplicate");
        evidence.put("orderId", RunView.text(captures.get(0).value(), "orderId"));
        evidence.put("eventId", RunView.text(captures.get(0).value(), "eventId"));
        evidence.put("orderPartition", captures.get(0).value().path("partition").asInt());
        evidence.put("orderOffset", captures.get(0).value().path("offset").asLong());
        evidence.put("captures", captures.stream().map(c -> RunView.text(c.value(), "instanceId") + " gen "
                + c.value().path("generation").asInt() + " at " + c.timestampMs()).toList());
        evidence.put("attributedTo", cause.map(c -> "rebalance seen at " + c.atMs() + " (" + c.state() + ", members "
                + c.members().stream().map(HistoryEvent.GroupMember::clientId).toList() + ")").orElse("unexplained"));
        return evidence;
    }
}
