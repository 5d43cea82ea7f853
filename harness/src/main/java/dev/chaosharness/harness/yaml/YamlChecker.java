package dev.chaosharness.harness.yaml;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks on the nodes of one file, each failing with a {@link YamlException} naming the file, line and field. */
public record YamlChecker(String source) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    public YamlException error(YamlNode node, String field, String message) {
        return new YamlException(source, node.line(), field, message);
    }

    public Map<String, YamlNode> mapping(YamlNode node, String field) {
        if (!node.isMapping()) {
            throw error(node, field, "must be a mapping of fields");
        }
        return node.fields();
    }

    /** The fields of a mapping, after checking each is one of {@code known}. */
    public Map<String, YamlNode> mapping(YamlNode node, String field, Collection<String> known) {
        Map<String, YamlNode> fields = mapping(node, field);
        onlyKnown(fields, field, known);
        return fields;
    }

    /** Checks each field is one of {@code known}; an error names the field alone. */
    public void onlyKnown(Map<String, YamlNode> fields, Collection<String> known) {
        onlyKnown(fields, "", known);
    }

    /** Checks each field of the mapping {@code field} is one of {@code known}. */
    public void onlyKnown(Map<String, YamlNode> fields, String field, Collection<String> known) {
        for (Map.Entry<String, YamlNode> entry : fields.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw error(entry.getValue(), field.isEmpty() ? entry.getKey() : field + "." + entry.getKey(),
                        "unknown field; known: " + known.stream().sorted().toList());
            }
        }
    }

    public YamlNode required(Map<String, YamlNode> fields, String name, YamlNode parent) {
        return required(fields, name, parent, name);
    }

    public List<YamlNode> list(YamlNode node, String field) {
        if (!node.isList()) {
            throw error(node, field, "must be a list");
        }
        return node.items();
    }

    public YamlNode required(Map<String, YamlNode> fields, String name, YamlNode parent, String field) {
        YamlNode node = fields.get(name);
        if (node == null || node.isEmpty()) {
            throw error(node == null ? parent : node, field, "is required");
        }
        return node;
    }

    public String scalar(YamlNode node, String field) {
        if (node.scalar() == null) {
            throw error(node, field, "must be a single value");
        }
        return node.scalar();
    }

    public String text(YamlNode node, String field) {
        String value = scalar(node, field).strip();
        if (value.isEmpty()) {
            throw error(node, field, "must not be empty");
        }
        return value;
    }

    public long integer(YamlNode node, String field) {
        try {
            return Long.parseLong(scalar(node, field).strip());
        } catch (NumberFormatException e) {
            throw error(node, field, "must be a whole number, was '" + node.scalar() + "'");
        }
    }

    public int integer(YamlNode node, String field, int min, int max) {
        long value = integer(node, field);
        if (value < min || value > max) {
            throw error(node, field, "must be between " + min + " and " + max + ", was " + value);
        }
        return (int) value;
    }

    public double number(YamlNode node, String field) {
        try {
            return Double.parseDouble(scalar(node, field).strip());
        } catch (NumberFormatException e) {
            throw error(node, field, "must be a number, was '" + node.scalar() + "'");
        }
    }

    public boolean bool(YamlNode node, String field) {
        String value = scalar(node, field).strip();
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(node, field, "must be true or false, was '" + value + "'");
        };
    }

    /** A list of single values, or one value standing for a list of one. */
    public List<String> texts(YamlNode node, String field) {
        if (node.scalar() != null) {
            return List.of(text(node, field));
        }
        List<YamlNode> items = list(node, field);
        return items.stream().map(item -> text(item, field + "[" + (items.indexOf(item) + 1) + "]")).toList();
    }

    /** A mapping of names to single values, e.g. environment variables. */
    public Map<String, String> strings(YamlNode node, String field) {
        Map<String, String> values = new LinkedHashMap<>();
        mapping(node, field).forEach((name, value) -> values.put(name, scalar(value, field + "." + name)));
        return values;
    }

    public <T> Optional<T> optional(Map<String, YamlNode> fields, String name, Function<YamlNode, T> read) {
        YamlNode node = fields.get(name);
        return node == null || node.isEmpty() ? Optional.empty() : Optional.of(read.apply(node));
    }

    public Duration duration(YamlNode node, String field, boolean zeroAllowed) {
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
