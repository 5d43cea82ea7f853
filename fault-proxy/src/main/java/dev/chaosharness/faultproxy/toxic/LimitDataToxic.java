package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/**
 * Per connection and direction, forwards until {@code bytes} have passed (truncating the last
 * chunk), then closes the connection; 0 closes on the first data.
 */
public final class LimitDataToxic implements Toxic {

    private static final Attribute BYTES = new Attribute("bytes");

    @Override
    public String type() {
        return "limit_data";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of(BYTES);
    }

    /** What has passed on this connection's direction. */
    private static final class Passed {
        long bytes;
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        Passed passed = context.state(Passed::new);
        long remaining = BYTES.of(context) - passed.bytes;
        if (remaining > chunk.length()) {
            passed.bytes += chunk.length();
            next.accept(chunk);
            return null;
        }
        if (remaining > 0) {
            passed.bytes += remaining;
            next.accept(chunk.slice(0, (int) remaining));
        }
        context.closeConnection(false);
        return null;
    }
}
