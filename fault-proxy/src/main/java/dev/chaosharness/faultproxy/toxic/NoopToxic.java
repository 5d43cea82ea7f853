package dev.chaosharness.faultproxy.toxic;

import java.util.List;

/** Passes data unchanged; the real server accepts it, so this one does too. */
public final class NoopToxic implements Toxic {

    @Override
    public String type() {
        return "noop";
    }

    @Override
    public List<Attribute> attributes() {
        return List.of();
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        next.accept(chunk);
        return null;
    }
}
