package dev.chaosharness.faultproxy;

import java.util.concurrent.atomic.LongAdder;

/**
 * What went through one proxy since it was created, counted without reading the bytes (any
 * protocol): connections accepted, those whose upstream could not be dialled, bytes each way as
 * read from their source, and connections that ended with a reset (one a toxic reset, or one whose
 * peer did). An extension: Toxiproxy keeps no such counts.
 */
public final class LinkTraffic {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder dialFailures = new LongAdder();
    private final LongAdder bytesUpstream = new LongAdder();
    private final LongAdder bytesDownstream = new LongAdder();
    private final LongAdder resets = new LongAdder();

    /** The counts at one moment, and the connections open then; one proxy's entry of {@code GET /traffic}. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Counts(long accepted, long open, long dialFailures, long bytesUpstream, long bytesDownstream,
                         long resets) {
    }

    void accepted() {
        accepted.increment();
    }

    void dialFailed() {
        dialFailures.increment();
    }

    void read(Stream stream, int bytes) {
        (stream == Stream.UPSTREAM ? bytesUpstream : bytesDownstream).add(bytes);
    }

    void reset() {
        resets.increment();
    }

    Counts counts(long open) {
        return new Counts(accepted.sum(), open, dialFailures.sum(), bytesUpstream.sum(), bytesDownstream.sum(), resets.sum());
    }
}
