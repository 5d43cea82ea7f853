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

    /** When the source's end was seen. */
    private static final class Closing {
        long startNanos = System.nanoTime();
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        next.accept(chunk);
        return null;
    }

    @Override
    public boolean onSourceClosed(ToxicContext context) {
        Closing closing = context.state(Closing::new);
        return context.until(() -> closing.startNanos + DELAY.of(context) * 1_000_000L) != ToxicContext.Wait.PENDING;
    }
}
