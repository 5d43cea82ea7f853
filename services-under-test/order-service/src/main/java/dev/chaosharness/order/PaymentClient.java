package dev.chaosharness.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Calls payment-service with the caller's remaining budget: the header carries it downstream, less
 * what order-service keeps back, and the client timeout ends between payment's deadline and the
 * caller's, so a late grant is still seen and order-service stops waiting before its caller does.
 */
@Component
public class PaymentClient {

    /** What payment-service answered, reduced to what order-service acts on. */
    public enum Outcome { AUTHORIZED, DECLINED, TIMED_OUT, UNAVAILABLE }

    /** The answer and the payment instance that was asked (a void goes to the same one). */
    public record Call(Outcome outcome, URI instance, boolean sent) {
    }

    private static final Duration NO_PROPAGATION_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ObjectMapper mapper;
    private final List<URI> instances;
    private final AuthorizationVoids voids;
    private final AtomicInteger next = new AtomicInteger();

    private final boolean propagate;

    public PaymentClient(OrderProperties properties, ObjectMapper mapper, AuthorizationVoids voids) {
        this.mapper = mapper;
        this.voids = voids;
        this.propagate = !properties.defect().noDeadlinePropagation();
        this.instances = properties.paymentUrls().stream().map(url -> URI.create(url.strip())).toList();
    }

    /** Order-service will not use this order's authorization: payment is told to release it. */
    public void voidLater(Order order, Call call) {
        if (call.sent()) {
            voids.voidLater(order.orderId(), call.instance());
        }
    }

    /**
     * Calls payment with {@code sentMs} as its budget and waits at most {@code waitMs} for the answer
     * (more than {@code sentMs}: the call and its answer take time on the way).
     */
    public Call authorize(Order order, Budget budget, long sentMs, long waitMs) throws InterruptedException {
        URI instance = nextInstance();
        if (propagate && sentMs <= 0) {
            return new Call(Outcome.TIMED_OUT, instance, false);
        }
        return new Call(send(order, budget, sentMs, waitMs, instance), instance, true);
    }

    private Outcome send(Order order, Budget budget, long sentMs, long waitMs, URI instance) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(instance.resolve("/payments/authorize"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(order)));
        if (propagate) {
            builder.timeout(Duration.ofMillis(waitMs)).header(Budget.HEADER, Long.toString(sentMs));
        } else {
            builder.timeout(NO_PROPAGATION_TIMEOUT); // the defect: a fixed timeout, whatever the caller has left
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return switch (response.statusCode()) {
                case 200, 201 -> Outcome.AUTHORIZED;
                case 402 -> Outcome.DECLINED;
                case 504 -> Outcome.TIMED_OUT;
                default -> Outcome.UNAVAILABLE;
            };
        } catch (HttpTimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (IOException e) {
            return propagate && budget.spent() ? Outcome.TIMED_OUT : Outcome.UNAVAILABLE;
        }
    }

    /** Round robin over the payment instances. */
    private URI nextInstance() {
        return instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
    }

    private String body(Order order) {
        try {
            return mapper.writeValueAsString(Map.of(
                    "orderId", order.orderId(),
                    "customerId", order.customerId(),
                    "amountCents", order.amountCents()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise payment request for " + order.orderId(), e);
        }
    }
}
