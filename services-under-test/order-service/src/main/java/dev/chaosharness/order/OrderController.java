package dev.chaosharness.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);
    /**
     * Kept back from the budget order-service waits on: the answer must still reach its caller in
     * time after order-service gives up or publishes.
     */
    static final long ANSWER_RESERVE_MS = 200;
    /**
     * Kept back from the budget passed to payment, beyond {@link #ANSWER_RESERVE_MS}: the time the
     * call and its answer may spend in transit. Payment then finishes before order-service stops
     * waiting for it, so a grant delayed on the way back is still seen, not orphaned.
     */
    static final long TRANSIT_RESERVE_MS = 300;

    private final ConcurrentMap<String, Order> orders = new ConcurrentHashMap<>();
    private final OrderRequestParser parser;
    private final PaymentClient payments;
    private final OrderPublisher publisher;
    private final OrderProperties properties;
    private final BudgetLog budgetLog;
    private final ThreadLeak threadLeak = new ThreadLeak();

    public OrderController(ObjectMapper mapper, PaymentClient payments, OrderPublisher publisher,
                           OrderProperties properties, BudgetLog budgetLog) {
        this.budgetLog = budgetLog;
        this.parser = new OrderRequestParser(mapper);
        this.payments = payments;
        this.publisher = publisher;
        this.properties = properties;
    }

    @PostMapping("/orders")
    public ResponseEntity<Map<String, Object>> place(
            @RequestBody(required = false) String body,
            @RequestHeader(value = Budget.HEADER, required = false) String budgetHeader) throws InterruptedException {
        long budgetMs;
        try {
            budgetMs = budgetHeader == null ? properties.defaultBudgetMs() : Long.parseLong(budgetHeader.trim());
        } catch (NumberFormatException e) {
            return badRequest(List.of(new FieldError(Budget.HEADER, "must be a whole number of milliseconds")));
        }
        Budget budget = Budget.startingNow(budgetMs);
        if (properties.defect().threadLeak()) {
            threadLeak.leakOne();
        }
        OrderRequestParser.Result parsed = parser.parse(body);
        if (!parsed.valid()) {
            return badRequest(parsed.errors());
        }
        OrderRequest request = parsed.request();
        Order order = new Order(UUID.randomUUID().toString(), request.customerId(), request.amountCents(),
                OrderState.PENDING, Instant.now());
        orders.put(order.orderId(), order);
        if (properties.defect().requestCache()) {
            RequestCache.remember(order.orderId(), body);
        }
        long remainingMs = budget.remainingMs();
        long elapsedBeforeCallMs = budgetMs - remainingMs;
        long waitMs = remainingMs - ANSWER_RESERVE_MS;
        long sentMs = waitMs - TRANSIT_RESERVE_MS;
        PaymentClient.Call call = payments.authorize(order, budget, sentMs, waitMs);
        ResponseEntity<Map<String, Object>> response = switch (call.outcome()) {
            case AUTHORIZED -> publish(order, budget, call);
            case DECLINED -> finish(order, OrderState.DECLINED, HttpStatus.PAYMENT_REQUIRED);
            // payment may have granted what this answer gives up on: release it
            case TIMED_OUT -> voided(order, call, OrderState.TIMED_OUT, HttpStatus.GATEWAY_TIMEOUT);
            case UNAVAILABLE -> voided(order, call, OrderState.FAILED, HttpStatus.BAD_GATEWAY);
        };
        budgetLog.record(order.orderId(), budgetMs, sentMs, elapsedBeforeCallMs, orders.get(order.orderId()).state().name());
        return response;
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<Order> get(@PathVariable("id") String id) {
        Order order = orders.get(id);
        return order == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(order);
    }

    /**
     * Publishes OrderPlaced and waits for the broker within the budget. Not acknowledged in time
     * (a slow or paused broker), the record is on its way and will most likely land: the caller is
     * told 202 PENDING, not a failure, and the order's state follows the acknowledgement (a record
     * that finally fails voids the payment).
     */
    private ResponseEntity<Map<String, Object>> publish(Order order, Budget budget, PaymentClient.Call call)
            throws InterruptedException {
        boolean propagate = !properties.defect().noDeadlinePropagation();
        long waitMs = propagate ? budget.remainingMs() - ANSWER_RESERVE_MS : 10_000;
        if (waitMs <= 0) {
            return voided(order, call, OrderState.TIMED_OUT, HttpStatus.GATEWAY_TIMEOUT);
        }
        CompletableFuture<Void> acked = publisher.publish(order);
        try {
            acked.get(waitMs, TimeUnit.MILLISECONDS);
            return finish(order, OrderState.PLACED, HttpStatus.CREATED);
        } catch (TimeoutException e) {
            log.warn("order {}: OrderPlaced not acknowledged within the budget; answered PENDING", order.orderId());
            acked.whenComplete((ok, error) -> {
                if (error == null) {
                    orders.computeIfPresent(order.orderId(), (id, o) -> o.withState(OrderState.PLACED));
                } else {
                    orders.computeIfPresent(order.orderId(), (id, o) -> o.withState(OrderState.FAILED));
                    payments.voidLater(order, call);
                }
            });
            return finish(order, OrderState.PENDING, HttpStatus.ACCEPTED);
        } catch (ExecutionException e) {
            log.warn("order {}: OrderPlaced not published: {}", order.orderId(), e.getCause().toString());
            return voided(order, call, OrderState.FAILED, HttpStatus.SERVICE_UNAVAILABLE);
        }
    }

    private ResponseEntity<Map<String, Object>> voided(Order order, PaymentClient.Call call, OrderState state,
                                                       HttpStatus status) {
        payments.voidLater(order, call);
        return finish(order, state, status);
    }

    private ResponseEntity<Map<String, Object>> finish(Order order, OrderState state, HttpStatus status) {
        orders.put(order.orderId(), order.withState(state));
        return ResponseEntity.status(status).body(Map.of("orderId", order.orderId(), "status", state.name()));
    }

    private static ResponseEntity<Map<String, Object>> badRequest(List<FieldError> errors) {
        return ResponseEntity.badRequest().body(Map.of("status", "INVALID", "errors", errors));
    }
}
