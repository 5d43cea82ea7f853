package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.Toxic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
    private volatile Map<String, Long> attributes;

    ToxicInstance(String name, Toxic toxic, Stream stream, String streamAsSent, double toxicity, Map<String, Long> attributes) {
        this.name = name;
        this.toxic = toxic;
        this.stream = stream;
        this.streamAsSent = streamAsSent;
        this.toxicity = toxicity;
        this.attributes = complete(toxic, attributes);
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
        return attributes;
    }

    /** Merges attributes (a latency update keeps jitter); toxicity unchanged when absent. */
    synchronized void update(Map<String, Long> changedAttributes, Double newToxicity) {
        Map<String, Long> merged = new LinkedHashMap<>(attributes);
        changedAttributes.forEach((key, value) -> {
            if (merged.containsKey(key)) {
                merged.put(key, value);
            }
        });
        validate(toxic, merged);
        this.attributes = Collections.unmodifiableMap(merged);
        if (newToxicity != null) {
            this.toxicity = newToxicity;
        }
    }

    static void validate(Toxic toxic, Map<String, Long> attributes) {
        try {
            toxic.validate(attributes);
        } catch (IllegalArgumentException e) {
            throw ApiException.badBody(e.getMessage());
        }
    }

    private static Map<String, Long> complete(Toxic toxic, Map<String, Long> given) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (String key : toxic.attributeNames()) {
            all.put(key, given.getOrDefault(key, 0L));
        }
        validate(toxic, all);
        return Collections.unmodifiableMap(all);
    }
}
