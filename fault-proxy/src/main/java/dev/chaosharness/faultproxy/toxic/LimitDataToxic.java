package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/**
 * Per connection and direction, forwards until {@code bytes} have passed (truncating the last
 * chunk), then closes the connection; 0 closes on the first data.
 */
public final class LimitDataToxic implements Toxic {

    @Override
    public String type() {
        return "limit_data";
    }

    @Override
    public List<String> attributeNames() {
        return List.of("bytes");
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        ToxicContext.ToxicState state = context.state();
        long remaining = context.attribute("bytes") - state.counter;
        if (remaining > chunk.length()) {
            state.counter += chunk.length();
            next.accept(chunk);
            return;
        }
        if (remaining > 0) {
            state.counter += remaining;
            next.accept(chunk.slice(0, (int) remaining));
        }
        context.closeConnection(false);
    }
}
