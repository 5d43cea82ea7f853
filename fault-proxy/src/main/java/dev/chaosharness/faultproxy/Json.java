package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.Attribute;
import dev.chaosharness.faultproxy.toxic.Toxic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import dev.chaosharness.faultproxy.api.ObservationsPage;
import dev.chaosharness.faultproxy.api.ObserveSettings;
import dev.chaosharness.faultproxy.api.ObservedExchange;
import dev.chaosharness.faultproxy.api.ProxyState;
import dev.chaosharness.faultproxy.api.ToxicState;
import dev.chaosharness.faultproxy.observe.ObservationLog;
import dev.chaosharness.faultproxy.observe.ObservedHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The API's JSON: lenient reading (keys case-insensitive, unknown keys ignored) and Toxiproxy's shapes. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badBody("EOF");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badBody("EOF");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badBody(e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badBody(e.getMessage());
        }
    }

    /** The field whose key matches case-insensitively, as Go's encoding/json does. */
    static Optional<JsonNode> field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isNull()) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    static Optional<String> text(JsonNode object, String name) {
        return field(object, name).map(node -> {
            if (!node.isTextual()) {
                throw ApiException.badBody("json: cannot unmarshal " + kind(node) + " into field " + name + " of type string");
            }
            return node.asText();
        });
    }

    /** An array of strings, or empty when absent; 400 when it is anything else. */
    static Optional<List<String>> strings(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new ApiException(400, name + " must be an array of header names");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual() || element.asText().isBlank()) {
                throw new ApiException(400, name + " must be an array of header names");
            }
            strings.add(element.asText());
        }
        return Optional.of(strings);
    }

    static JsonNode observing(String proxy, ObservedHeaders headers) {
        return MAPPER.valueToTree(new ObserveSettings(proxy, "http", headers.budgetHeaders(), headers.correlationHeaders()));
    }

    static JsonNode observations(ObservationLog.Page page) {
        return MAPPER.valueToTree(new ObservationsPage(page.exchanges().stream()
                .map(numbered -> ObservedExchange.of(numbered.seq(), numbered.exchange())).toList(),
                page.next(), page.unparsedByLink(), page.dropped()));
    }

    static Optional<Boolean> bool(JsonNode object, String name) {
        return field(object, name).map(node -> {
            if (!node.isBoolean()) {
                throw ApiException.badBody("json: cannot unmarshal " + kind(node) + " into field " + name + " of type bool");
            }
            return node.asBoolean();
        });
    }

    static Optional<Double> number(JsonNode object, String name) {
        return field(object, name).map(node -> {
            if (!node.isNumber()) {
                throw ApiException.badBody("json: cannot unmarshal " + kind(node) + " into field " + name + " of type float32");
            }
            return node.asDouble();
        });
    }

    /**
     * Attribute values are whole numbers, except a text attribute the toxic declares (fault-proxy's
     * extension); keys are matched lower-case.
     */
    static ToxicAttributes attributes(JsonNode object, Toxic toxic) {
        Map<String, Long> attributes = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Optional<JsonNode> node = field(object, "attributes");
        if (node.isEmpty()) {
            return new ToxicAttributes(attributes, texts);
        }
        if (!node.get().isObject()) {
            throw ApiException.badBody("json: cannot unmarshal " + kind(node.get()) + " into field attributes of type object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            String key = entry.getKey().toLowerCase();
            if (toxic.attribute(key).map(Attribute::isText).orElse(false)) {
                if (!value.isTextual()) {
                    throw ApiException.badBody("json: cannot unmarshal " + kind(value) + " into field attributes."
                            + entry.getKey() + " of type string");
                }
                texts.put(key, value.asText());
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw ApiException.badBody("json: cannot unmarshal " + kind(value) + " into field attributes."
                        + entry.getKey() + " of type int64");
            }
            attributes.put(key, value.asLong());
        }
        return new ToxicAttributes(attributes, texts);
    }

    static ObjectNode proxy(Proxy proxy) {
        return MAPPER.valueToTree(new ProxyState(proxy.name(), proxy.listen(), proxy.upstream(), proxy.enabled(),
                proxy.allToxics().stream().map(Json::state).toList()));
    }

    static ObjectNode toxic(ToxicInstance toxic) {
        return MAPPER.valueToTree(state(toxic));
    }

    private static ToxicState state(ToxicInstance toxic) {
        Map<String, Object> attributes = new LinkedHashMap<>(toxic.attributes());
        attributes.putAll(toxic.texts());
        return new ToxicState(toxic.name(), toxic.toxic().type(), toxic.streamAsSent(), (float) toxic.toxicity(), attributes);
    }

    static ObjectNode error(String message, int status) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", message);
        node.put("status", status);
        return node;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
