package dev.chaosharness.ledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RiskRetryTest {

    @RepeatedTest(20)
    void theBoundedPolicyBacksOffExponentiallyWithJitterAndStopsAfterThreeAttempts() {
        long first = RiskRetry.BOUNDED.backoffBefore(2, 2000);
        long second = RiskRetry.BOUNDED.backoffBefore(3, 2000);

        assertThat(first).isBetween(20L, 40L);
        assertThat(second).isBetween(40L, 80L);
        assertThat(RiskRetry.BOUNDED.backoffBefore(4, 2000)).isEqualTo(-1);
    }

    @Test
    void theBoundedPolicyNeverRetriesWhatCouldNotFinishWithinTheCallersBudget() {
        assertThat(RiskRetry.BOUNDED.backoffBefore(2, 100)).isEqualTo(-1);
    }

    @Test
    void theStormRetriesAtOnceForAsLongAsTheBudgetLasts() {
        assertThat(RiskRetry.STORM.backoffBefore(50, 1)).isZero();
        assertThat(RiskRetry.STORM.backoffBefore(2, 0)).isEqualTo(-1);
    }

    @Test
    void onlyNotNowIsRetriedNeverASpentBudget() {
        assertThat(RiskRetry.retryable(503)).isTrue();
        assertThat(RiskRetry.retryable(429)).isTrue();
        assertThat(RiskRetry.retryable(504)).isFalse();
        assertThat(RiskRetry.retryable(500)).isFalse();
    }
}
