package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.chaos.action.FaultActions;
import dev.chaosharness.harness.chaos.action.Param;
import dev.chaosharness.harness.chaos.action.FaultAction;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a chaos profile (YAML, parsed by Jackson) and checks all of it before anything runs:
 * unknown fields and actions, missing or unknown targets, bad values and bad durations are
 * reported as {@code file:line: field: message}. Targets are checked against a {@link Topology}.
 */
public final class ChaosProfileParser {

    private static final Set<String> PROFILE_FIELDS = Set.of("name", "description", "seed", "timeline");
    private static final Set<String> WINDOW_FIELDS = Set.of("at", "duration", "action", "target", "params");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Topology topology;

    public ChaosProfileParser(Topology topology) {
        this.topology = topology;
    }

    public ChaosProfile parse(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chaos profile " + file, e);
        }
    }

    public ChaosProfile parse(String source, String yaml) {
        Node root = read(source, new StringReader(yaml));
        Checker check = new Checker(source);
        Map<String, Node> fields = check.object(root, "(profile)");
        check.onlyKnown(fields, PROFILE_FIELDS);
        String name = check.text(check.required(fields, "name", root), "name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw check.error(fields.get("name"), "name", "must be lower-kebab-case, was '" + name + "'");
        }
        String description = check.text(check.required(fields, "description", root), "description");
        long seed = fields.containsKey("seed") ? check.integer(fields.get("seed"), "seed") : 1;
        Node timelineNode = check.required(fields, "timeline", root);
        if (timelineNode.items == null) {
            throw check.error(timelineNode, "timeline", "must be a list of fault windows");
        }
        Random random = new Random(seed);
        List<FaultWindow> windows = new ArrayList<>();
        for (int i = 0; i < timelineNode.items.size(); i++) {
            windows.add(window(check, i + 1, timelineNode.items.get(i), random));
        }
        return new ChaosProfile(name, description, seed, windows, source);
    }

    private FaultWindow window(Checker check, int index, Node node, Random random) {
        String where = "timeline[" + index + "]";
        Map<String, Node> fields = check.object(node, where);
        check.onlyKnown(fields, WINDOW_FIELDS);
        Duration at = check.duration(check.required(fields, "at", node), where + ".at", true);
        Duration duration = check.duration(check.required(fields, "duration", node), where + ".duration", false);
        Node actionNode = check.required(fields, "action", node);
        String actionName = check.text(actionNode, where + ".action");
        FaultAction action = FaultActions.byName(actionName).orElseThrow(() -> check.error(actionNode, where + ".action",
                "unknown action '" + actionName + "'; known: " + FaultActions.names()));
        Node targetNode = check.required(fields, "target", node);
        String target = check.text(targetNode, where + ".target");
        List<String> resolved;
        try {
            resolved = topology.resolve(target, action.targetKind(), random);
        } catch (IllegalArgumentException e) {
            throw check.error(targetNode, where + ".target", e.getMessage());
        }
        Map<String, String> params = params(check, fields.get("params"), action, where + ".params", node);
        return new FaultWindow(index, node.line, at, duration, actionName, target, resolved, params);
    }

    private Map<String, String> params(Checker check, Node node, FaultAction action, String where, Node window) {
        Map<String, Node> given = node == null ? Map.of() : check.object(node, where);
        Map<String, Param> known = new LinkedHashMap<>();
        action.params().forEach(p -> known.put(p.name(), p));
        for (Map.Entry<String, Node> entry : given.entrySet()) {
            if (!known.containsKey(entry.getKey())) {
                throw check.error(entry.getValue(), where + "." + entry.getKey(), "unknown parameter of action '"
                        + action.name() + "'; known: " + known.keySet());
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Param param : known.values()) {
            Node value = given.get(param.name());
            if (value == null) {
                params.put(param.name(), param.defaultValue().orElseThrow(() -> check.error(node == null ? window : node,
                        where + "." + param.name(), "is required by action '" + action.name() + "'")));
                continue;
            }
            try {
                params.put(param.name(), param.check(check.scalar(value, where + "." + param.name())));
            } catch (IllegalArgumentException e) {
                throw check.error(value, where + "." + param.name(), e.getMessage());
            }
        }
        return params;
    }

    // ---- a YAML tree that remembers lines ---------------------------------------------------

    /** A value in the document: a scalar, an object (fields) or a list (items), with its line. */
    private record Node(int line, String scalar, Map<String, Node> fields, List<Node> items) {
    }

    private static Node read(String source, Reader reader) {
        try (JsonParser parser = YAML.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ProfileException(source, 1, "(profile)", "the file is empty");
            }
            return node(source, parser);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new ProfileException(source, line, "(yaml)", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chaos profile " + source, e);
        }
    }

    private static Node node(String source, JsonParser parser) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int fieldLine = parser.currentTokenLocation().getLineNr();
                if (fields.containsKey(name)) {
                    throw new ProfileException(source, fieldLine, name, "appears twice");
                }
                parser.nextToken();
                Node value = node(source, parser);
                fields.put(name, new Node(fieldLine, value.scalar, value.fields, value.items));
            }
            return new Node(line, null, fields, null);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(source, parser));
            }
            return new Node(line, null, null, items);
        }
        return new Node(line, token == JsonToken.VALUE_NULL ? null : parser.getText(), null, null);
    }

    /** Checks on nodes, each failing with the file, line and field. */
    private record Checker(String source) {

        ProfileException error(Node node, String field, String message) {
            return new ProfileException(source, node.line, field, message);
        }

        Map<String, Node> object(Node node, String field) {
            if (node.fields == null) {
                throw error(node, field, "must be a mapping of fields");
            }
            return node.fields;
        }

        void onlyKnown(Map<String, Node> fields, Set<String> known) {
            for (Map.Entry<String, Node> entry : fields.entrySet()) {
                if (!known.contains(entry.getKey())) {
                    throw error(entry.getValue(), entry.getKey(), "unknown field; known: " + known.stream().sorted().toList());
                }
            }
        }

        Node required(Map<String, Node> fields, String name, Node parent) {
            Node node = fields.get(name);
            if (node == null || (node.scalar == null && node.fields == null && node.items == null)) {
                throw error(node == null ? parent : node, name, "is required");
            }
            return node;
        }

        String scalar(Node node, String field) {
            if (node.scalar == null) {
                throw error(node, field, "must be a single value");
            }
            return node.scalar;
        }

        String text(Node node, String field) {
            String value = scalar(node, field).strip();
            if (value.isEmpty()) {
                throw error(node, field, "must not be empty");
            }
            return value;
        }

        long integer(Node node, String field) {
            try {
                return Long.parseLong(scalar(node, field));
            } catch (NumberFormatException e) {
                throw error(node, field, "must be a whole number, was '" + node.scalar + "'");
            }
        }

        Duration duration(Node node, String field, boolean zeroAllowed) {
            String value = scalar(node, field).strip();
            Matcher matcher = DURATION.matcher(value);
            if (!matcher.matches()) {
                throw error(node, field, "must be a duration such as 500ms, 10s or 2m, was '" + value + "'");
            }
            double amount = Double.parseDouble(matcher.group(1));
            String unit = Optional.ofNullable(matcher.group(2)).orElse("s");
            long millis = Math.round(switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                default -> amount * 1000;
            });
            if (millis == 0 && !zeroAllowed) {
                throw error(node, field, "must be longer than zero");
            }
            return Duration.ofMillis(millis);
        }
    }
}
