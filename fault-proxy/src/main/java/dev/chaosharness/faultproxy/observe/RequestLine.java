package dev.chaosharness.faultproxy.observe;

/** A request's method and target, e.g. {@code POST} and {@code /payments}. */
public record RequestLine(String method, String target) {
}
