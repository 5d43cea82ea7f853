package dev.chaosharness.faultproxy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic as Toxiproxy's API lists it and takes it ({@code POST /proxies/{name}/toxics}): written by
 * fault-proxy, sent and read by its clients. {@code toxicity} is a float32, as Toxiproxy's Go server
 * keeps it (0.3 is written as 0.3, not as the double nearest the float). Attribute values are whole
 * numbers, or text for an attribute a fault-proxy toxic declares as text.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToxicState(String name, String type, String stream, float toxicity, Map<String, Object> attributes) {

    public ToxicState {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
