package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.Attribute;
import dev.chaosharness.faultproxy.toxic.Toxic;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic's attribute values: whole numbers (every Toxiproxy attribute) and text (fault-proxy's
 * extension, for the HTTP toxics' {@code method} and {@code path_prefix}).
 */
record ToxicAttributes(Map<String, Long> numbers, Map<String, String> texts) {

    static final ToxicAttributes NONE = new ToxicAttributes(Map.of(), Map.of());

    ToxicAttributes {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        texts = Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    }

    /** Every attribute the toxic declares, those not given at 0 or "". */
    static ToxicAttributes complete(Toxic toxic, ToxicAttributes given) {
        Map<String, Long> numbers = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (Attribute attribute : toxic.attributes()) {
            if (attribute.isText()) {
                texts.put(attribute.name(), given.texts().getOrDefault(attribute.name(), ""));
            } else {
                numbers.put(attribute.name(), given.numbers().getOrDefault(attribute.name(), 0L));
            }
        }
        return new ToxicAttributes(numbers, texts);
    }

    /** These values with {@code changed} laid over them, only for the attributes these hold. */
    ToxicAttributes updatedBy(ToxicAttributes changed) {
        Map<String, Long> mergedNumbers = new LinkedHashMap<>(numbers);
        changed.numbers().forEach((key, value) -> mergedNumbers.computeIfPresent(key, (k, old) -> value));
        Map<String, String> mergedTexts = new LinkedHashMap<>(texts);
        changed.texts().forEach((key, value) -> mergedTexts.computeIfPresent(key, (k, old) -> value));
        return new ToxicAttributes(mergedNumbers, mergedTexts);
    }
}
