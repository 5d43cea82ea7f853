package dev.chaosharness.faultproxy.toxic;

import java.util.List;
import java.util.Map;

/**
 * Paces data to {@code rate} KB/s (1 KB = 1000 bytes), in pieces of at most 100 ms worth.
 * Rate 0 holds everything until the toxic is removed or its rate raised.
 */
public final class BandwidthToxic implements Toxic {

    private static final Attribute RATE = new Attribute("rate");

    @Override
    public String type() {
        return "bandwidth";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(RATE);
    }

    /** When this connection's direction may send again. */
    private static final class Pace {
        long nextFreeNanos;
    }

    @Override
    public void validate(Map<String, Long> attributes) {
        if (attributes.getOrDefault("rate", 0L) < 0) {
            throw new IllegalArgumentException("rate must not be negative, was " + attributes.get("rate"));
        }
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        if (!context.awaitWhile(() -> RATE.of(context) == 0)) {
            next.accept(chunk); // removed: release what was held
            return;
        }
        int offset = 0;
        while (offset < chunk.length()) {
            long rate = Math.max(1, RATE.of(context));
            int piece = (int) Math.min(chunk.length() - offset, rate * 100);
            Pace pace = context.state(Pace::new);
            long start = Math.max(System.nanoTime(), pace.nextFreeNanos);
            long due = start + piece * 1_000_000L / rate; // bytes / (rate * 1000 B/s), in ns
            pace.nextFreeNanos = due;
            if (!context.awaitUntil(due)) {
                next.accept(chunk.slice(offset, chunk.length()));
                return;
            }
            next.accept(chunk.slice(offset, offset + piece));
            offset += piece;
        }
    }
}
