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

    /** The chunk that set the reset under way, and when it came; later data is dropped. */
    private static final class Triggered {
        Chunk first;
        long startNanos;
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        Triggered triggered = context.state(Triggered::new);
        if (triggered.first == null) {
            triggered.first = chunk;
            triggered.startNanos = System.nanoTime();
        } else if (triggered.first != chunk) {
            return null;
        }
        switch (context.until(() -> triggered.startNanos + TIMEOUT.of(context) * 1_000_000L)) {
            case PENDING:
                return chunk;
            case ELAPSED:
                context.closeConnection(context.presentAtAccept());
                return null;
            default:
                return null; // removed while waiting: that chunk is gone, as it was never to be sent
        }
    }
}
