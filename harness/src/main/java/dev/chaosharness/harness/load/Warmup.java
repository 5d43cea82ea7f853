package dev.chaosharness.harness.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Orders placed before the load, through the whole path (order, payment, Kafka), so the first
 * measured requests do not pay for class loading, JIT and first connections. They carry the
 * customer {@code harness-warmup} and a generous budget. They are not the load's requests, so no
 * request event is written for them; their records are in the topics, where DuplicateDeliveryCheck
 * counts them like any other, and DeadlinePropagationCheck leaves out what happened before the load.
 */
public final class Warmup {

    public static final String CUSTOMER = "harness-warmup";

    private Warmup() {
    }

    /** Places {@code count} orders one after another; returns how many were answered 201. */
    public static int run(URI orderService, int count) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int placed = 0;
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(orderService.resolve("/orders"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header("X-Request-Timeout-Ms", "10000")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + CUSTOMER
                            + "\",\"amountCents\":100,\"items\":[{\"sku\":\"warmup\",\"qty\":1}]}"))
                    .build();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201) {
                    placed++;
                }
            } catch (IOException e) {
                // a cold service may refuse the very first calls; the next ones tell
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return placed;
            }
        }
        return placed;
    }
}
