package dev.chaosharness.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates an order body, collecting every bad field rather than stopping at the
 * first, so a client learns all that is wrong in one answer.
 */
public final class OrderRequestParser {

    /** Either a request or the list of field errors; never both. */
    public record Result(OrderRequest request, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final ObjectMapper mapper;

    public OrderRequestParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Result parse(String body) {
        if (body == null || body.isBlank()) {
            return invalid(new FieldError("body", "request body is required"));
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid(new FieldError("body", "malformed JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return invalid(new FieldError("body", "must be a JSON object"));
        }
        List<FieldError> errors = new ArrayList<>();
        String customerId = text(root, "customerId", errors);
        long amountCents = nonNegativeLong(root, "amountCents", errors);
        List<OrderRequest.Item> items = items(root, errors);
        return errors.isEmpty()
                ? new Result(new OrderRequest(customerId, amountCents, items), List.of())
                : new Result(null, List.copyOf(errors));
    }

    private static Result invalid(FieldError error) {
        return new Result(null, List.of(error));
    }

    private static String text(JsonNode parent, String field, List<FieldError> errors) {
        return text(parent, field, field, errors);
    }

    private static String text(JsonNode parent, String field, String path, List<FieldError> errors) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(path, "is required"));
            return "";
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            errors.add(new FieldError(path, "must be a non-empty string"));
            return "";
        }
        return node.asText();
    }

    private static long nonNegativeLong(JsonNode parent, String field, List<FieldError> errors) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number of cents"));
            return 0;
        }
        if (node.asLong() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
            return 0;
        }
        return node.asLong();
    }

    private static List<OrderRequest.Item> items(JsonNode root, List<FieldError> errors) {
        JsonNode node = root.get("items");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("items", "is required"));
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError("items", "must be a non-empty array"));
            return List.of();
        }
        List<OrderRequest.Item> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "items[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(path, "must be an object"));
                continue;
            }
            String sku = text(item, "sku", path + ".sku", errors);
            JsonNode qty = item.get("qty");
            if (qty == null || !qty.isIntegralNumber() || !qty.canConvertToInt() || qty.asInt() < 1) {
                errors.add(new FieldError(path + ".qty", "must be a whole number of at least 1"));
                continue;
            }
            items.add(new OrderRequest.Item(sku, qty.asInt()));
        }
        return items;
    }
}
