package dev.chaosharness.faultproxy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.chaosharness.faultproxy.observe.HttpExchange;

/** One observed HTTP exchange as {@code GET /observations} lists it (extension), with its number. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObservedExchange(long seq, String link, String method, String target, String budgetHeader,
                               String budgetValue, String correlationHeader, String correlationId, long requestAtMs,
                               long responseAtMs, int status) {

    public static ObservedExchange of(long seq, HttpExchange e) {
        return new ObservedExchange(seq, e.link(), e.method(), e.target(), e.budgetHeader(), e.budgetValue(),
                e.correlationHeader(), e.correlationId(), e.requestAtMs(), e.responseAtMs(), e.status());
    }

    public HttpExchange exchange() {
        return new HttpExchange(link, method, target, budgetHeader, budgetValue, correlationHeader, correlationId,
                requestAtMs, responseAtMs, status);
    }
}
