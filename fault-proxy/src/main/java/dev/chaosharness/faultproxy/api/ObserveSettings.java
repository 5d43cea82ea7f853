package dev.chaosharness.faultproxy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code POST /proxies/{name}/observe} (extension): observe the proxy's HTTP exchanges, reading the
 * caller's remaining budget and the correlation id from these headers; the answer names the proxy.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObserveSettings(String proxy, String protocol, List<String> budgetHeaders, List<String> correlationHeaders) {

    /** What a client asks: the proxy is named by the path. */
    public static ObserveSettings http(List<String> budgetHeaders, List<String> correlationHeaders) {
        return new ObserveSettings(null, "http", budgetHeaders, correlationHeaders);
    }
}
