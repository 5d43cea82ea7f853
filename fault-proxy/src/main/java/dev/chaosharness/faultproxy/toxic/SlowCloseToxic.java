package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/** Data unchanged; when this direction's source ends, the close is delayed by {@code delay} ms. */
public final class SlowCloseToxic implements Toxic {

    @Override
    public String type() {
        return "slow_close";
    }

    @Override
    public List<String> attributeNames() {
        return List.of("delay");
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        next.accept(chunk);
    }

    @Override
    public void onSourceClosed(ToxicContext context) throws InterruptedException {
        long start = System.nanoTime();
        context.awaitUntil(() -> start + context.attribute("delay") * 1_000_000L);
    }
}
