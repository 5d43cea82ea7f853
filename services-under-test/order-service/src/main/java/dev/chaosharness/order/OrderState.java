package dev.chaosharness.order;

/** Where an order ended up, as seen by the client that placed it. */
public enum OrderState {
    PENDING,
    PLACED,
    DECLINED,
    TIMED_OUT,
    FAILED
}
