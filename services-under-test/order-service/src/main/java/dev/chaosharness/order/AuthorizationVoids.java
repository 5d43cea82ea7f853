package dev.chaosharness.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Releases authorizations order-service will not use (it answered its caller with a failure), as a
 * payment flow does when its caller gives up: {@code POST /payments/{id}/void} to the instance that
 * was asked, in the background, four attempts over about 20 s (a frozen or unreachable
 * payment instance gets it when it is back), idempotent on payment's side. Defect
 * {@code order.defect.no-void}: nothing is voided, and payment keeps grants nobody will use.
 */
@Component
public class AuthorizationVoids implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationVoids.class);
    /** Before each attempt. An attempt waits up to 4 s: a slow link still delivers the void once, not thrice. */
    private static final List<Long> BACKOFF_MS = List.of(0L, 1000L, 2000L, 4000L);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(4);

    private final boolean enabled;
    /** Two threads: voids are background work and must not take the CPU from the requests being served. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ATTEMPT_TIMEOUT).executor(Executors.newFixedThreadPool(2, daemon("authorization-voids-http")))
            .build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("authorization-voids"));

    public AuthorizationVoids(OrderProperties properties) {
        this.enabled = !properties.defect().noVoid();
    }

    public void voidLater(String orderId, URI paymentInstance) {
        if (enabled) {
            attempt(orderId, paymentInstance.resolve("/payments/" + orderId + "/void"), 0);
        }
    }

    private void attempt(String orderId, URI voidUri, int attempt) {
        // a void answers no caller, yet carries a deadline of its own like every call: its attempt's
        retries.schedule(() -> http.sendAsync(HttpRequest.newBuilder(voidUri).timeout(ATTEMPT_TIMEOUT)
                                .header(Budget.HEADER, Long.toString(ATTEMPT_TIMEOUT.toMillis()))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            if (error == null && response.statusCode() == 200) {
                                return;
                            }
                            if (attempt + 1 < BACKOFF_MS.size()) {
                                attempt(orderId, voidUri, attempt + 1);
                            } else {
                                log.warn("order {}: authorization not voided after {} attempts: {}", orderId,
                                        BACKOFF_MS.size(), error != null ? error.toString() : "status " + response.statusCode());
                            }
                        }),
                BACKOFF_MS.get(attempt), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
