package dev.chaosharness.payment;

import java.time.Instant;

/** An authorization this instance granted, with the budget the caller gave it. */
public record Authorization(String orderId, long amountCents, long budgetMs, String instanceId, Instant authorizedAt) {
}
