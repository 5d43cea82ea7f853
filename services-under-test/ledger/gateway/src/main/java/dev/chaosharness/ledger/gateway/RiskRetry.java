package dev.chaosharness.ledger.gateway;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When the gateway asks risk again after risk said "not now" (429, 502 or 503; a 504 means the
 * budget was spent and is never retried, nor is a timeout or a refused connection).
 *
 * <p>{@link #BOUNDED}, the correct policy: at most {@value #MAX_ATTEMPTS} attempts, the k-th retry
 * after an exponential backoff with equal jitter ({@value #BASE_BACKOFF_MS} ms * 2^(k-1), half of it
 * random), and none that could not finish within the caller's budget; then the gateway falls back.
 * {@link #STORM}, the defect {@code --defect retry-storm}: again at once, as long as the caller's
 * budget lasts.
 */
enum RiskRetry {
    BOUNDED, STORM;

    static final int MAX_ATTEMPTS = 3;
    static final long BASE_BACKOFF_MS = 40;
    /** The least budget a retry must have left after its backoff to be worth sending. */
    static final long MIN_USEFUL_BUDGET_MS = 100;

    static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503;
    }

    /**
     * How long to wait before attempt {@code nextAttempt} (2 for the first retry), or -1 for no more
     * attempts, with {@code remainingMs} of the caller's budget left.
     */
    long backoffBefore(int nextAttempt, long remainingMs) {
        if (this == STORM) {
            return remainingMs > 0 ? 0 : -1;
        }
        if (nextAttempt > MAX_ATTEMPTS) {
            return -1;
        }
        long ceiling = BASE_BACKOFF_MS << (nextAttempt - 2);
        long backoff = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return remainingMs - backoff >= MIN_USEFUL_BUDGET_MS ? backoff : -1;
    }
}
