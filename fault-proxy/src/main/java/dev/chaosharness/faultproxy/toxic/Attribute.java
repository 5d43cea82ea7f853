package dev.chaosharness.faultproxy.toxic;

/**
 * One attribute of a toxic type, named once as its class declares it (e.g. {@code latency} in ms):
 * the type lists its attributes from these constants and reads its values through them, so the
 * API's name and the toxic's reading cannot drift apart. Toxiproxy's attributes are whole numbers;
 * a {@linkplain #text text} attribute (an HTTP toxic's {@code method}, say) is fault-proxy's extension.
 */
public record Attribute(String name, boolean isText) {

    /** A whole-number attribute, as every Toxiproxy toxic's. */
    public Attribute(String name) {
        this(name, false);
    }

    /** A text attribute (fault-proxy's extension), "" when never set. */
    public static Attribute text(String name) {
        return new Attribute(name, true);
    }

    /** Its current value on the connection (0 when never set, as Toxiproxy reports it). */
    public long of(ToxicContext context) {
        return context.attributes().getOrDefault(name, 0L);
    }

    /** Its value among a toxic's attributes as the API sets them (0 when absent), for {@code validate}. */
    public long in(java.util.Map<String, Long> attributes) {
        return attributes.getOrDefault(name, 0L);
    }

    /** A text attribute's current value ("" when never set). */
    public String textOf(ToxicContext context) {
        return context.texts().getOrDefault(name, "");
    }
}
