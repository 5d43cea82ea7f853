package dev.chaosharness.order;

/** A caller's deadline, taken from the {@code X-Request-Timeout-Ms} header when the request arrived. */
public record Budget(long receivedMs, long deadlineNanos) {

    public static final String HEADER = "X-Request-Timeout-Ms";

    public static Budget startingNow(long budgetMs) {
        return new Budget(budgetMs, System.nanoTime() + budgetMs * 1_000_000L);
    }

    /** Milliseconds left until the deadline; zero or negative once it has passed. */
    public long remainingMs() {
        return Math.floorDiv(deadlineNanos - System.nanoTime(), 1_000_000L);
    }

    public boolean spent() {
        return remainingMs() <= 0;
    }
}
