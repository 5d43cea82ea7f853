package dev.chaosharness.order;

import java.util.List;

/** A validated {@code POST /orders} body. */
public record OrderRequest(String customerId, long amountCents, List<Item> items) {

    public record Item(String sku, int qty) {
    }
}
