package dev.chaosharness.harness.load;

import dev.chaosharness.harness.yaml.YamlSections;
import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code request: {method, path, headers, body, id-field}}: one HTTP request, sent by {@link HttpLoadSimulation}. */
public final class DeclaredRequestLoad implements LoadKind {

    private static final Set<String> REQUEST_FIELDS = Set.of("method", "path", "headers", "body", "id-field");

    @Override
    public String key() {
        return "request";
    }

    @Override
    public String describe() {
        return "a declared HTTP request";
    }

    @Override
    public Declared parse(YamlChecker check, YamlNode node) {
        return new Declared(HttpLoadSimulation.class.getName(), Optional.of(request(check, "load.request", node)));
    }

    /** A request's fields (the load's, or a warmup's own at {@code where}), each error naming its field and line. */
    public static HttpRequestSpec request(YamlChecker check, String where, YamlNode node) {
        Map<String, YamlNode> fields = check.mapping(node, where, REQUEST_FIELDS);
        try {
            return new HttpRequestSpec(
                    check.optional(fields, "method", n -> check.text(n, where + ".method").toUpperCase()).orElse("GET"),
                    check.text(check.required(fields, "path", node, where + ".path"), where + ".path"),
                    check.optional(fields, "headers", n -> check.strings(n, where + ".headers")).orElse(Map.of()),
                    check.optional(fields, "body", n -> check.scalar(n, where + ".body")).orElse(""),
                    check.optional(fields, "id-field", n -> check.text(n, where + ".id-field")).orElse(""));
        } catch (IllegalArgumentException e) {
            throw check.error(node, where, e.getMessage());
        }
    }

    /** Each section's keys, by its path in the file: the reference's key tables are held to them (YamlKeysDocTest). */
    public static Map<String, Set<String>> keysBySection() {
        return YamlSections.of("load.request", REQUEST_FIELDS);
    }
}
