package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/**
 * On the first data in its direction: discards it, waits {@code timeout} ms, then closes the
 * connection with an RST when the toxic was there at accept, with a plain close otherwise.
 */
public final class ResetPeerToxic implements Toxic {

    private static final Attribute TIMEOUT = new Attribute("timeout");

    @Override
    public String type() {
        return "reset_peer";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(TIMEOUT);
    }

    /** Whether data has come on this connection's direction (and the reset is under way). */
    private static final class Triggered {
        boolean once;
    }

    @Override
    public void onChunk(Chunk chunk, ToxicContext context, Sink next) throws InterruptedException {
        Triggered triggered = context.state(Triggered::new);
        if (triggered.once) {
            return;
        }
        triggered.once = true;
        long start = System.nanoTime();
        if (context.awaitUntil(() -> start + TIMEOUT.of(context) * 1_000_000L)) {
            context.closeConnection(context.presentAtAccept());
        }
    }
}
