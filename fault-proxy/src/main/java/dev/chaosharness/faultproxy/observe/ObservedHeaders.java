package dev.chaosharness.faultproxy.observe;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which request headers carry a budget and which carry a correlation id, tried in order. The
 * defaults: {@code X-Request-Timeout-Ms}; {@code traceparent} (W3C trace context: its trace id)
 * then {@code X-Request-Id}.
 */
public record ObservedHeaders(List<String> budgetHeaders, List<String> correlationHeaders) {

    public static final ObservedHeaders DEFAULT = new ObservedHeaders(List.of("X-Request-Timeout-Ms"),
            List.of("traceparent", "X-Request-Id"));

    public ObservedHeaders {
        budgetHeaders = budgetHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        correlationHeaders = correlationHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** {name, value} of the first budget header present, or null. */
    public String[] budget(Map<String, String> headers) {
        for (String name : budgetHeaders) {
            if (headers.containsKey(name)) {
                return new String[] {name, headers.get(name)};
            }
        }
        return null;
    }

    /** {name, id} of the first correlation header present; a traceparent gives its trace id. */
    public String[] correlation(Map<String, String> headers) {
        for (String name : correlationHeaders) {
            String value = headers.get(name);
            if (value == null) {
                continue;
            }
            if (name.equals("traceparent")) {
                String[] fields = value.split("-");
                if (fields.length >= 4 && fields[1].length() == 32) {
                    return new String[] {name, fields[1]};
                }
                continue; // a malformed traceparent identifies nothing
            }
            return new String[] {name, value};
        }
        return null;
    }
}
