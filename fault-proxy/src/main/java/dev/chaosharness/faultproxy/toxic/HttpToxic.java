package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.RequestLine;
import java.util.List;
import java.util.Map;

/**
 * A toxic that acts on HTTP/1.1 messages rather than bytes (fault-proxy's extension): it applies
 * to each matching message with a fresh draw against its toxicity (a plain toxic draws once per
 * connection), and only on a proxy that observes HTTP. Every one can be narrowed by
 * {@link #METHOD} and {@link #PATH_PREFIX} (empty: any).
 */
public interface HttpToxic extends Toxic {

    Attribute METHOD = Attribute.text("method");
    Attribute PATH_PREFIX = Attribute.text("path_prefix");

    /** True when it acts on requests (stream upstream), false on responses (downstream). */
    boolean actsOnRequests();

    /** Its own attributes, besides {@link #METHOD} and {@link #PATH_PREFIX}. */
    List<Attribute> ownAttributes();

    @Override
    default List<Attribute> attributes() {
        List<Attribute> all = new java.util.ArrayList<>(ownAttributes());
        all.add(METHOD);
        all.add(PATH_PREFIX);
        return List.copyOf(all);
    }

    @Override
    default void validateTexts(Map<String, String> texts) {
        String prefix = texts.getOrDefault(PATH_PREFIX.name(), "");
        if (!prefix.isEmpty() && !prefix.startsWith("/")) {
            throw new IllegalArgumentException("path_prefix must start with /, was '" + prefix + "'");
        }
    }

    /** Whether the request is one this toxic is narrowed to. */
    static boolean matches(ToxicContext context, RequestLine request) {
        String method = METHOD.textOf(context);
        return (method.isEmpty() || method.equalsIgnoreCase(request.method()))
                && request.target().startsWith(PATH_PREFIX.textOf(context));
    }
}
