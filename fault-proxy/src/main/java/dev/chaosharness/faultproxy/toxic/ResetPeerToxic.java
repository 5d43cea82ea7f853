package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/**
 * On the first data in its direction: discards it, waits {@code timeout} ms, then closes the
 * connection with an RST when the toxic was there at accept, with a plain close otherwise.
 */
public final class ResetPeerToxic implements Toxic {

    @Override
    public String type() {
        return "reset_peer";
    }

    @Override
    public List<String> attributeNames() {
        return List.of("timeout");
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        ToxicContext.ToxicState state = context.state();
        if (state.triggered) {
            return;
        }
        state.triggered = true;
        long start = System.nanoTime();
        if (context.awaitUntil(() -> start + context.attribute("timeout") * 1_000_000L)) {
            context.closeConnection(context.presentAtAccept());
        }
    }
}
