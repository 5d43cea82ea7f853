package dev.chaosharness.harness.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The worst few evidence rows of each kind, in memory bounded by the limit whatever the run's
 * length. Kinds come as first seen; within a kind the rows go worst first, and of equally bad
 * rows the earlier offered comes first.
 */
final class WorstExamples {

    private record Offered(long severity, long sequence, Map<String, Object> row) {
    }

    private static final Comparator<Offered> WORST_FIRST = Comparator.comparingLong(Offered::severity).reversed()
            .thenComparingLong(Offered::sequence);

    private final int perKind;
    private final Map<String, PriorityQueue<Offered>> kept = new LinkedHashMap<>();
    private long offered;

    WorstExamples(int perKind) {
        this.perKind = perKind;
    }

    /** One row of {@code kind}; a higher {@code severity} is worse. */
    void offer(String kind, long severity, Map<String, Object> fields) {
        // The queue's head is the mildest row kept, the one to drop when a worse one comes.
        PriorityQueue<Offered> queue = kept.computeIfAbsent(kind, k -> new PriorityQueue<>(WORST_FIRST.reversed()));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("kind", kind);
        row.putAll(fields);
        queue.add(new Offered(severity, offered++, row));
        if (queue.size() > perKind) {
            queue.poll();
        }
    }

    /** Rows of equal weight: the first few are kept. */
    void offer(String kind, Map<String, Object> fields) {
        offer(kind, 0, fields);
    }

    List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        kept.values().forEach(queue -> queue.stream().sorted(WORST_FIRST).map(Offered::row).forEach(rows::add));
        return rows;
    }
}
