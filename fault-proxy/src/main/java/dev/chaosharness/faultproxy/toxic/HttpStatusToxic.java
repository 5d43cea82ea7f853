package dev.chaosharness.faultproxy.toxic;

import dev.chaosharness.faultproxy.observe.RequestLine;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code http_status} (fault-proxy's extension), on requests (stream upstream): answers a matching
 * request with {@code status} itself (with {@code body} and, when {@code retry_after} > 0, a
 * {@code Retry-After} of that many seconds); the callee never sees it. It applies to the first
 * {@code first_n} attempts of each correlation id (the proxy's observed correlation headers; a
 * request without one is let through) or, when {@code first_n} is 0, to each request with a draw
 * against the toxicity.
 */
public final class HttpStatusToxic implements HttpToxic {

    private static final Attribute STATUS = new Attribute("status");
    private static final Attribute BODY = Attribute.text("body");
    private static final Attribute RETRY_AFTER = new Attribute("retry_after");
    private static final Attribute FIRST_N = new Attribute("first_n");

    @Override
    public String type() {
        return "http_status";
    }

    @Override
    public boolean actsOnRequests() {
        return true;
    }

    @Override
    public List<Attribute> ownAttributes() {
        return List.of(STATUS, BODY, RETRY_AFTER, FIRST_N);
    }

    @Override
    public void validate(Map<String, Long> attributes) {
        HttpToxic.super.validate(attributes);
        long status = attributes.getOrDefault(STATUS.name(), 0L);
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599), was " + status);
        }
    }

    /** Attempts seen per correlation id, across the proxy's connections. */
    private static final class Attempts {
        final Map<String, AtomicLong> byId = new ConcurrentHashMap<>();
    }

    @Override
    public Chunk onChunk(Chunk chunk, ToxicContext context, Sink next) {
        HttpView http = context.http();
        return requests(context).accept(chunk, (startLine, headers) -> {
            String[] parts = startLine.split(" ", 3);
            if (!HttpToxic.matches(context, new RequestLine(parts[0], parts[1])) || !applies(context, http, headers)) {
                return HttpMessages.Verdict.PASS;
            }
            http.respond(response(context));
            return HttpMessages.Verdict.DROP;
        }, next);
    }

    @Override
    public void onRemoved(ToxicContext context, Sink next) {
        requests(context).release(next);
    }

    private static HttpMessages requests(ToxicContext context) {
        HttpView http = context.http();
        return context.state(() -> HttpMessages.requests(new HashSet<>(http.headers().correlationHeaders())));
    }

    private static boolean applies(ToxicContext context, HttpView http, Map<String, String> headers) {
        long firstN = FIRST_N.of(context);
        if (firstN == 0) {
            return context.draw();
        }
        String[] correlation = http.headers().correlation(headers);
        if (correlation == null) {
            return false;
        }
        Attempts attempts = context.shared(Attempts::new);
        return attempts.byId.computeIfAbsent(correlation[1], id -> new AtomicLong()).incrementAndGet() <= firstN;
    }

    private static byte[] response(ToxicContext context) {
        byte[] body = BODY.textOf(context).getBytes(StandardCharsets.UTF_8);
        long retryAfter = RETRY_AFTER.of(context);
        String head = "HTTP/1.1 " + STATUS.of(context) + " " + reason(STATUS.of(context)) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (retryAfter > 0 ? "Retry-After: " + retryAfter + "\r\n" : "")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static String reason(long status) {
        return switch ((int) status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Injected";
        };
    }
}
