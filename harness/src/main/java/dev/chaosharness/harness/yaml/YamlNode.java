package dev.chaosharness.harness.yaml;

import java.util.List;
import java.util.Map;

/**
 * A value of a YAML document with the line it is written on: a scalar, a mapping (fields, in file
 * sequence) or a list (items). Exactly one of the three is set, or none for an empty value.
 */
public record YamlNode(int line, String scalar, Map<String, YamlNode> fields, List<YamlNode> items) {

    public boolean isEmpty() {
        return scalar == null && fields == null && items == null;
    }

    public boolean isMapping() {
        return fields != null;
    }

    public boolean isList() {
        return items != null;
    }

    YamlNode atLine(int newLine) {
        return new YamlNode(newLine, scalar, fields, items);
    }
}
