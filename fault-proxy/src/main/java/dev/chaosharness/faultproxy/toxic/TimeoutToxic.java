package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/**
 * Discards all data in its direction. With {@code timeout} > 0 the connection closes after that
 * many ms without incoming data (each discarded chunk restarts the timer); 0 never closes by
 * itself. Removing the toxic closes the connection.
 */
public final class TimeoutToxic implements Toxic {

    private static final Attribute TIMEOUT = new Attribute("timeout");

    @Override
    public String type() {
        return "timeout";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(TIMEOUT);
    }

    @Override
    public void onStart(ToxicContext context) {
        restartTimer(context);
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        restartTimer(context);
        return null; // swallowed: a timed-out link passes nothing
    }

    @Override
    public void onRemoved(ToxicContext context, Sink next) {
        context.closeConnection(false);
    }

    private static void restartTimer(ToxicContext context) {
        long timeout = TIMEOUT.of(context);
        context.closeAt(timeout > 0 ? System.nanoTime() + timeout * 1_000_000L : Long.MAX_VALUE);
    }
}
