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

    /** When this connection's direction may send again, and the piece of the chunk in hand that waits for it. */
    private static final class Pace {
        long nextFreeNanos;
        Chunk chunk;
        int offset;
        int piece;
        long dueNanos;
    }

    @Override
    public void validate(Map<String, Long> attributes) {
        if (RATE.in(attributes) < 0) {
            throw new IllegalArgumentException(RATE.name() + " must not be negative, was " + RATE.in(attributes));
        }
    }

    /** One piece (at most 100 ms of the rate) per call, each sent when the rate allows. */
    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        Pace pace = context.state(Pace::new);
        if (pace.chunk != chunk) {
            switch (context.holdWhile(() -> RATE.of(context) == 0)) {
                case PENDING:
                    return chunk;
                case CANCELLED:
                    next.accept(chunk); // removed: release what was held
                    return null;
                default:
                    break;
            }
            pace.chunk = chunk;
            pace.offset = 0;
            pace.piece = 0;
        }
        if (pace.piece == 0) {
            long rate = Math.max(1, RATE.of(context));
            pace.piece = (int) Math.min(chunk.length() - pace.offset, rate * 100);
            long start = Math.max(System.nanoTime(), pace.nextFreeNanos);
            pace.dueNanos = start + pace.piece * 1_000_000L / rate; // bytes / (rate * 1000 B/s), in ns
            pace.nextFreeNanos = pace.dueNanos;
        }
        switch (context.until(pace.dueNanos)) {
            case PENDING:
                return chunk;
            case CANCELLED:
                next.accept(chunk.slice(pace.offset, chunk.length()));
                pace.chunk = null;
                return null;
            default:
                break;
        }
        next.accept(chunk.slice(pace.offset, pace.offset + pace.piece));
        pace.offset += pace.piece;
        pace.piece = 0;
        if (pace.offset < chunk.length()) {
            return chunk;
        }
        pace.chunk = null;
        return null;
    }
}
