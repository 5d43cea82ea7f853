package dev.chaosharness.harness.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a history's short strings as one instance each: an 8-hour history holds 172,800 GC-pause and
 * thread-count events kept as they are, each naming its instance, collector and cause, and read one by
 * one they were 310,000 copies of a few dozen strings (23 MB of the heap at 8 h). Strings longer than
 * {@link #MAX_LENGTH} (UUIDs, bodies) are not looked up; at most {@link #MAX_KEPT} distinct ones are
 * kept, so a history of many short unique ids cannot grow it. Jackson interns field names only.
 */
final class SharedStrings extends StringDeserializer {

    static final int MAX_LENGTH = 32;
    static final int MAX_KEPT = 16_384;

    private final ConcurrentHashMap<String, String> kept = new ConcurrentHashMap<>();

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = super.deserialize(parser, context);
        if (text == null || text.length() > MAX_LENGTH) {
            return text;
        }
        String shared = kept.get(text);
        if (shared != null) {
            return shared;
        }
        if (kept.size() < MAX_KEPT) {
            String previous = kept.putIfAbsent(text, text);
            return previous == null ? text : previous;
        }
        return text;
    }
}
