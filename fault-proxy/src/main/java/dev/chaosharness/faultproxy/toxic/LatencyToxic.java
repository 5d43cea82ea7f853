package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/** Delays each chunk by latency +- jitter from when it reached the proxy; order and throughput kept. */
public final class LatencyToxic implements Toxic {

    private static final Attribute LATENCY = new Attribute("latency");
    private static final Attribute JITTER = new Attribute("jitter");

    @Override
    public String type() {
        return "latency";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(LATENCY, JITTER);
    }

    /** The chunk being held and its jitter, drawn once per chunk however often it is looked at. */
    private static final class Held {
        Chunk chunk;
        long offsetMs;
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        Held held = context.state(Held::new);
        if (held.chunk != chunk) {
            long jitter = JITTER.of(context);
            held.chunk = chunk;
            held.offsetMs = jitter > 0 ? context.random(-jitter, jitter) : 0;
        }
        long offsetMs = held.offsetMs;
        if (context.until(() -> chunk.arrivalNanos() + (LATENCY.of(context) + offsetMs) * 1_000_000L)
                == ToxicContext.Wait.PENDING) {
            return chunk;
        }
        held.chunk = null;
        next.accept(chunk); // elapsed, or removed: what was held goes on
        return null;
    }
}
