package dev.chaosharness.harness.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap a piece of work needs, from the JVM's own garbage-collection notifications: the most
 * heap in use right after any collection (what was still reachable, plus what the collector chose
 * to leave) and the most in use just before one (garbage included; bounded by {@code -Xmx}). The
 * first is the figure that says whether the work fits in a smaller heap.
 */
final class LiveHeap {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();

    private LiveHeap() {
    }

    static LiveHeap watch() {
        System.gc();
        LiveHeap heap = new LiveHeap();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    heap.record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            }, null, null);
        }
        return heap;
    }

    /** Heap in use after a full collection ({@code System.gc()}: G1 collects the whole heap then). */
    static long usedAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void record(GarbageCollectionNotificationInfo info) {
        collections.incrementAndGet();
        maxAfterGc.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        maxUsed.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
    }

    /** Heap pools only: the non-heap ones (metaspace, code cache) are reported too and left out here. */
    private long sum(Map<String, MemoryUsage> usages) {
        return usages.entrySet().stream().filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
    }

    long maxAfterGc() {
        return maxAfterGc.get();
    }

    long maxUsed() {
        return maxUsed.get();
    }

    long collections() {
        return collections.get();
    }
}
