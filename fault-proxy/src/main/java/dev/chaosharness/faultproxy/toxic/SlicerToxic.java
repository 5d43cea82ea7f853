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
        if (attributes.getOrDefault("average_size", 0L) == 0) {
            throw new IllegalArgumentException("average_size must be at least 1");
        }
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        int offset = 0;
        while (offset < chunk.length()) {
            long average = Math.max(1, AVERAGE_SIZE.of(context));
            long variation = Math.min(SIZE_VARIATION.of(context), average - 1);
            int size = (int) Math.max(1, average + context.random(-variation, variation + 1));
            int end = Math.min(chunk.length(), offset + size);
            next.accept(chunk.slice(offset, end));
            offset = end;
            if (offset < chunk.length()) {
                long start = System.nanoTime();
                if (!context.awaitUntil(() -> start + DELAY.of(context) * 1_000L)) {
                    next.accept(chunk.slice(offset, chunk.length()));
                    return;
                }
            }
        }
    }
}
