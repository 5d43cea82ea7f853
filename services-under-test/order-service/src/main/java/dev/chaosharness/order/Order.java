package dev.chaosharness.order;

import java.time.Instant;

/** An order as order-service knows it, with the state its client was told. */
public record Order(String orderId, String customerId, long amountCents, OrderState state, Instant createdAt) {

    public Order withState(OrderState newState) {
        return new Order(orderId, customerId, amountCents, newState, createdAt);
    }
}
