package dev.chaosharness.faultproxy.toxic;

import java.util.List;
import java.util.Map;

/**
 * Splits each chunk into pieces of about {@code average_size} bytes (+- {@code size_variation}),
 * sent in order with {@code delay} microseconds between them; the bytes are unchanged.
 */
public final class SlicerToxic implements Toxic {

    private static final Attribute AVERAGE_SIZE = new Attribute("average_size");
    private static final Attribute SIZE_VARIATION = new Attribute("size_variation");
    private static final Attribute DELAY = new Attribute("delay");

    @Override
    public String type() {
        return "slicer";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(AVERAGE_SIZE, SIZE_VARIATION, DELAY);
    }

    @Override
    public void validate(Map<String, Long> attributes) {
        Toxic.super.validate(attributes);
        if (AVERAGE_SIZE.in(attributes) == 0) {
            throw new IllegalArgumentException(AVERAGE_SIZE.name() + " must be at least 1");
        }
    }

    /** How far the chunk in hand is sliced, and when its last slice had left ({@code -1}: not yet known). */
    private static final class Slicing {
        Chunk chunk;
        int offset;
        long sentAtNanos = -1;
    }

    /** One slice per call: the delay before the next starts once the slice before has left (delay in microseconds). */
    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        Slicing slicing = context.state(Slicing::new);
        if (slicing.chunk != chunk) {
            slicing.chunk = chunk;
            slicing.offset = 0;
            slicing.sentAtNanos = -1;
        }
        if (slicing.offset > 0) {
            if (slicing.sentAtNanos < 0) {
                slicing.sentAtNanos = System.nanoTime();
            }
            long sentAt = slicing.sentAtNanos;
            switch (context.until(() -> sentAt + DELAY.of(context) * 1_000L)) {
                case PENDING:
                    return chunk;
                case CANCELLED:
                    next.accept(chunk.slice(slicing.offset, chunk.length()));
                    slicing.chunk = null;
                    return null;
                default:
                    break;
            }
        }
        long average = Math.max(1, AVERAGE_SIZE.of(context));
        long variation = Math.min(SIZE_VARIATION.of(context), average - 1);
        int size = (int) Math.max(1, average + context.random(-variation, variation + 1));
        int end = Math.min(chunk.length(), slicing.offset + size);
        next.accept(chunk.slice(slicing.offset, end));
        slicing.offset = end;
        slicing.sentAtNanos = -1;
        if (end < chunk.length()) {
            return chunk;
        }
        slicing.chunk = null;
        return null;
    }
}
