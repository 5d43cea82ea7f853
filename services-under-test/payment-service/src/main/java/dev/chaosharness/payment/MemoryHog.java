package dev.chaosharness.payment;

import java.util.ArrayDeque;

/**
 * The GC-hog defect: every call retains 16 MB as 16,384 small arrays, up to half of the maximum
 * heap, then keeps replacing the oldest. Many small, medium-lived objects are what the collector
 * has to copy and mark, so pauses grow long and frequent.
 */
final class MemoryHog {

    private static final int OBJECT_BYTES = 1024;
    private static final int OBJECTS_PER_CALL = 16_384;
    private final ArrayDeque<byte[]> retained = new ArrayDeque<>();
    private final long limitObjects = (long) (Runtime.getRuntime().maxMemory() * 0.5) / OBJECT_BYTES;

    synchronized void retain() {
        for (int i = 0; i < OBJECTS_PER_CALL; i++) {
            if (retained.size() >= limitObjects) {
                retained.removeFirst();
            }
            byte[] object = new byte[OBJECT_BYTES];
            object[0] = (byte) i;
            retained.addLast(object);
        }
    }
}
