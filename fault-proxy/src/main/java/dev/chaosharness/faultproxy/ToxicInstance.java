package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.Toxic;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A toxic as configured on a proxy: its name, type, stream, toxicity and attributes. An update
 * replaces the attribute map (a volatile field) and the proxy then wakes its connections, which
 * read the new values at once.
 */
public final class ToxicInstance {

    private final String name;
    private final Toxic toxic;
    private final Stream stream;
    private final String streamAsSent;
    private volatile double toxicity;
    private volatile ToxicAttributes attributes;
    /** What the toxic keeps across this proxy's connections (see {@code ToxicContext#shared}). */
    private Object shared;

    ToxicInstance(String name, Toxic toxic, Stream stream, String streamAsSent, double toxicity, ToxicAttributes attributes) {
        this.name = name;
        this.toxic = toxic;
        this.stream = stream;
        this.streamAsSent = streamAsSent;
        this.toxicity = toxicity;
        this.attributes = checked(toxic, ToxicAttributes.complete(toxic, attributes));
    }

    public String name() {
        return name;
    }

    public Toxic toxic() {
        return toxic;
    }

    public Stream stream() {
        return stream;
    }

    /** The stream as the client spelled it; Toxiproxy echoes it unchanged. */
    public String streamAsSent() {
        return streamAsSent;
    }

    public double toxicity() {
        return toxicity;
    }

    public Map<String, Long> attributes() {
        return attributes.numbers();
    }

    public Map<String, String> texts() {
        return attributes.texts();
    }

    @SuppressWarnings("unchecked")
    synchronized <S> S shared(Supplier<S> initial) {
        if (shared == null) {
            shared = initial.get();
        }
        return (S) shared;
    }

    /** Merges attributes (a latency update keeps jitter); toxicity unchanged when absent. */
    synchronized void update(ToxicAttributes changed, Double newToxicity) {
        this.attributes = checked(toxic, attributes.updatedBy(changed));
        if (newToxicity != null) {
            this.toxicity = newToxicity;
        }
    }

    private static ToxicAttributes checked(Toxic toxic, ToxicAttributes attributes) {
        try {
            toxic.validate(attributes.numbers());
            toxic.validateTexts(attributes.texts());
        } catch (IllegalArgumentException e) {
            throw ApiException.badBody(e.getMessage());
        }
        return attributes;
    }
}
