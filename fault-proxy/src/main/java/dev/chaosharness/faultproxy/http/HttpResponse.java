package dev.chaosharness.faultproxy.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to write: status, content type (null for none), body (empty for none) and extra headers. */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static HttpResponse json(int status, byte[] body) {
        return new HttpResponse(status, "application/json", body, Map.of());
    }

    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, null, new byte[0], Map.of());
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, more);
    }
}
