package dev.chaosharness.faultproxy.toxic;

/**
 * One attribute of a toxic type, named once as its class declares it (e.g. {@code latency} in ms):
 * the type lists its attributes from these constants and reads its values through them, so the
 * API's name and the toxic's reading cannot drift apart.
 */
public record Attribute(String name) {

    /** Its current value on the connection (0 when never set, as Toxiproxy reports it). */
    public long of(ToxicContext context) {
        return context.attributes().getOrDefault(name, 0L);
    }
}
