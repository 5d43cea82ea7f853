package dev.chaosharness.faultproxy.http;

import java.util.Map;
import java.util.Optional;

/** A parsed HTTP/1.1 request. Header names are lower-case. {@code rawPath} is as sent, not decoded. */
public record HttpRequest(String method, String rawPath, Map<String, String> headers, byte[] body) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase()));
    }
}
