package dev.chaosharness.harness.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML (Jackson's streaming parser) into {@link YamlNode}s that remember their lines.
 * Jackson's data binding would lose the line of each value, and every error in a declared file
 * must name it; so the tree is built here from the parser's token locations.
 */
public final class YamlDocument {

    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlDocument() {
    }

    public static YamlNode read(Path file) {
        try {
            return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The document's root; {@code source} names it in errors. A key written twice is an error. */
    public static YamlNode read(String source, String yaml) {
        try (JsonParser parser = YAML.createParser(new StringReader(yaml))) {
            if (parser.nextToken() == null) {
                throw new YamlException(source, 1, "(file)", "the file is empty");
            }
            return node(source, parser);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new YamlException(source, line, "(yaml)", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static YamlNode node(String source, JsonParser parser) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, YamlNode> fields = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int fieldLine = parser.currentTokenLocation().getLineNr();
                if (fields.containsKey(name)) {
                    throw new YamlException(source, fieldLine, name, "appears twice");
                }
                parser.nextToken();
                fields.put(name, node(source, parser).atLine(fieldLine));
            }
            return new YamlNode(line, null, fields, null);
        }
        if (token == JsonToken.START_ARRAY) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(source, parser));
            }
            return new YamlNode(line, null, null, items);
        }
        return new YamlNode(line, token == JsonToken.VALUE_NULL ? null : parser.getText(), null, null);
    }
}
