package dev.chaosharness.faultproxy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /observations?after=N} (extension): the exchanges numbered after N, the
 * number to ask after next, each link's count of exchanges it could not parse, and how many were
 * dropped before anyone read them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservationsPage(List<ObservedExchange> exchanges, long next, Map<String, Long> unparsed, long dropped) {

    public ObservationsPage {
        exchanges = exchanges == null ? List.of() : List.copyOf(exchanges);
        unparsed = unparsed == null ? Map.of() : Map.copyOf(unparsed);
    }
}
