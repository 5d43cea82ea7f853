package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.yaml.YamlDocument;
import dev.chaosharness.harness.yaml.YamlException;
import dev.chaosharness.harness.yaml.YamlNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line overrides of an experiment file, {@code dotted.key=value} (e.g.
 * {@code load.rate-per-second=100}, {@code services.worker.instances=1},
 * {@code checks.thresholds.max-gc-pause-ms=150}): each value replaces (or adds) the one at its key
 * before the file is checked, so a key the file format does not know is refused like a typo in the
 * file, on line 0, the command line. A value is read as YAML ({@code [201, 202]} is a list).
 */
public final class Overrides {

    /** The system property that carries them, comma-separated: {@code -Dexperiment.overrides=a.b=1,c=2}. */
    public static final String PROPERTY = dev.chaosharness.harness.settings.HarnessSettings.OVERRIDES;

    private Overrides() {
    }

    /** {@code a.b=1,c.d=x} as an ordered map; an entry without {@code =} is an error naming it. */
    public static Map<String, String> parse(String given) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (given == null || given.isBlank()) {
            return overrides;
        }
        for (String entry : splitOutsideBrackets(given)) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(PROPERTY + ": '" + entry.strip() + "' is not key=value"
                        + " (e.g. load.rate-per-second=100)");
            }
            overrides.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
        }
        return overrides;
    }

    static YamlNode apply(String source, YamlNode root, Map<String, String> overrides) {
        YamlNode result = root;
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            List<String> path = Arrays.asList(override.getKey().split("\\."));
            YamlNode value = YamlDocument.read("override " + override.getKey(), override.getValue().isEmpty()
                    ? "''" : override.getValue());
            result = set(source, result, path, 0, atLineZero(value), override.getKey());
        }
        return result;
    }

    private static YamlNode set(String source, YamlNode node, List<String> path, int depth, YamlNode value, String key) {
        if (!node.isMapping()) {
            throw new YamlException(source, 0, key, "cannot be overridden: " + String.join(".", path.subList(0, depth))
                    + " is not a mapping of fields in the file");
        }
        Map<String, YamlNode> fields = new LinkedHashMap<>(node.fields());
        String name = path.get(depth);
        if (depth == path.size() - 1) {
            fields.put(name, value);
        } else {
            YamlNode child = fields.getOrDefault(name, new YamlNode(0, null, new LinkedHashMap<>(), null));
            fields.put(name, set(source, child, path, depth + 1, value, key));
        }
        return new YamlNode(node.line(), null, fields, null);
    }

    private static YamlNode atLineZero(YamlNode node) {
        if (node.isMapping()) {
            Map<String, YamlNode> fields = new LinkedHashMap<>();
            node.fields().forEach((k, v) -> fields.put(k, atLineZero(v)));
            return new YamlNode(0, null, fields, null);
        }
        if (node.isList()) {
            return new YamlNode(0, null, null, node.items().stream().map(Overrides::atLineZero).toList());
        }
        return new YamlNode(0, node.scalar(), null, null);
    }

    /** Commas inside [..] or {..} belong to a value: {@code load.success=[200,201],seed=3}. */
    private static List<String> splitOutsideBrackets(String given) {
        List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : given.toCharArray()) {
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
