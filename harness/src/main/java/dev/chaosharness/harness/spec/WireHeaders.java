package dev.chaosharness.harness.spec;

import java.util.List;
import dev.chaosharness.faultproxy.api.ObserveSettings;

/**
 * Which request headers the fault proxy reads on HTTP links: {@code budget} headers carry a
 * caller's remaining deadline in milliseconds, {@code correlation} headers tie a call to the request
 * that caused it ({@code traceparent} gives its trace id). Each list is tried first to last.
 */
public record WireHeaders(List<String> budget, List<String> correlation) {

    public static final WireHeaders DEFAULT = new WireHeaders(List.of("X-Request-Timeout-Ms"),
            List.of("traceparent", "X-Request-Id"));

    public WireHeaders {
        budget = List.copyOf(budget);
        correlation = List.copyOf(correlation);
        if (budget.isEmpty() || budget.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("budget: name at least one header, and no blank one");
        }
        if (correlation.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("correlation: a header name must not be blank");
        }
    }

    /** The body of the fault proxy's observe extension ({@code POST /proxies/{name}/observe}). */
    public ObserveSettings observeSettings() {
        return ObserveSettings.http(budget, correlation);
    }
}
