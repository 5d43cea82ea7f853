package dev.chaosharness.harness.load;

import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared HTTP request, for teams without Gatling code: method, path, headers and a body
 * template whose values change per request: {@code ${seq}} (1, 2, ...), {@code ${random:LOW-HIGH}}
 * (a whole number from the seeded random, both ends included) and {@code ${uuid}} (from the same
 * random, so a seed repeats them). {@code idPointer} is the JSON pointer of the response field that
 * identifies the request in the system (e.g. {@code /orderId}), or empty.
 */
public record HttpRequestSpec(String method, String path, Map<String, String> headers, String body, String idPointer) {

    private static final Pattern VALUE = Pattern.compile("\\$\\{(seq|uuid|random:(-?\\d+)-(-?\\d+))}");
    private static final Pattern ANY = Pattern.compile("\\$\\{([^}]*)}");

    public HttpRequestSpec {
        headers = Map.copyOf(headers);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /, was '" + path + "'");
        }
        Matcher any = ANY.matcher(body);
        while (any.find()) {
            if (!VALUE.matcher(any.group()).matches()) {
                throw new IllegalArgumentException("the body names ${" + any.group(1) + "}; a body knows ${seq}, "
                        + "${uuid} and ${random:LOW-HIGH}");
            }
        }
        if (!idPointer.isEmpty() && !idPointer.startsWith("/")) {
            throw new IllegalArgumentException("id-field must be a JSON pointer such as /id, was '" + idPointer + "'");
        }
    }

    /** The body of request number {@code seq}, its random values drawn from {@code random}. */
    public String render(long seq, Random random) {
        Matcher matcher = VALUE.matcher(body);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value;
            if (matcher.group(1).equals("seq")) {
                value = Long.toString(seq);
            } else if (matcher.group(1).equals("uuid")) {
                value = new UUID(random.nextLong(), random.nextLong()).toString();
            } else {
                long low = Long.parseLong(matcher.group(2));
                long high = Long.parseLong(matcher.group(3));
                value = Long.toString(low + (long) (random.nextDouble() * (high - low + 1)));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
