package dev.chaosharness.harness.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A file's sections and the keys each takes, by path, in the order given: what a parser's reference documents. */
public final class YamlSections {

    private YamlSections() {
    }

    /** {@code pathsAndKeys}: a section's path, then its keys (a {@code Set<String>}), and so on. */
    @SuppressWarnings("unchecked")
    public static Map<String, Set<String>> of(Object... pathsAndKeys) {
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndKeys.length; i += 2) {
            sections.put((String) pathsAndKeys[i], (Set<String>) pathsAndKeys[i + 1]);
        }
        return Collections.unmodifiableMap(sections);
    }
}
