package dev.chaosharness.ledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/** What a transfer request must hold: {@code from} and {@code to} accounts that differ, and a positive {@code amountCents}. */
final class Transfers {

    private Transfers() {
    }

    /** The first thing wrong with the request, or null when it is a valid transfer. */
    static String problem(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "the body must be a JSON object {from, to, amountCents}";
        }
        if (!body.path("from").isTextual() || body.path("from").asText().isBlank()) {
            return "from: must name an account";
        }
        if (!body.path("to").isTextual() || body.path("to").asText().isBlank()) {
            return "to: must name an account";
        }
        if (body.path("from").asText().equals(body.path("to").asText())) {
            return "to: must differ from from";
        }
        if (!body.path("amountCents").canConvertToLong() || body.path("amountCents").asLong() <= 0) {
            return "amountCents: must be a positive whole number";
        }
        return null;
    }
}
