package dev.chaosharness.order;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory-leak defect ({@code order.defect.request-cache}), the articles' unbounded static cache:
 * every order's request is kept "for replay", with a 128 KB rendering of it, and nothing ever
 * evicts an entry.
 */
final class RequestCache {

    private static final int RENDERING_BYTES = 128 * 1024;
    private static final Map<String, byte[]> BY_ORDER = new ConcurrentHashMap<>();

    static void remember(String orderId, String body) {
        byte[] rendering = new byte[RENDERING_BYTES];
        byte[] text = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, rendering, 0, Math.min(text.length, rendering.length));
        BY_ORDER.put(orderId, rendering);
    }

    private RequestCache() {
    }
}
