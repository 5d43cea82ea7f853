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

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        long jitter = JITTER.of(context);
        long offsetMs = jitter > 0 ? context.random(-jitter, jitter) : 0;
        context.awaitUntil(() -> chunk.arrivalNanos() + (LATENCY.of(context) + offsetMs) * 1_000_000L);
        next.accept(chunk);
    }
}
