package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/** Delays each chunk by latency +- jitter from when it reached the proxy; order and throughput kept. */
public final class LatencyToxic implements Toxic {

    @Override
    public String type() {
        return "latency";
    }

    @Override
    public List<String> attributeNames() {
        return List.of("latency", "jitter");
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        long jitter = context.attribute("jitter");
        long offsetMs = jitter > 0 ? context.random(-jitter, jitter) : 0;
        context.awaitUntil(() -> chunk.arrivalNanos() + (context.attribute("latency") + offsetMs) * 1_000_000L);
        next.accept(chunk);
    }
}
