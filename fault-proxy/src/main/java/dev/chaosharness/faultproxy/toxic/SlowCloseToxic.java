package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/** Data unchanged; when this direction's source ends, the close is delayed by {@code delay} ms. */
public final class SlowCloseToxic implements Toxic {

    private static final Attribute DELAY = new Attribute("delay");

    @Override
    public String type() {
        return "slow_close";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(DELAY);
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        next.accept(chunk);
    }

    @Override
    public void onSourceClosed(ToxicContext context) throws InterruptedException {
        long start = System.nanoTime();
        context.awaitUntil(() -> start + DELAY.of(context) * 1_000_000L);
    }
}
