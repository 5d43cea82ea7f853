package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.spec.Threshold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckThresholdsTest {

    @Test
    void thresholdsRoundTripThroughTheRunsParameters() {
        CheckThresholds custom = CheckThresholds.defaults(900, 2400)
                .with("maxEffectDuplicates", 3).with("maxGcPauseMs", 150).with("maxGcPauseShare", 0.1)
                .with("gcShareWindowMs", 5_000).with("deadlineGraceMs", 50).with("maxAttempts", 2)
                .with("maxLeakedThreads", 80).with("maxErrorPercent", 2.5).with("recoveryWithinMs", 20_000);

        CheckThresholds read = CheckThresholds.fromParameters(custom.toParameters(), CheckThresholds.defaults(1000, 2000));

        assertThat(read).isEqualTo(custom);
        assertThat(read.get(Threshold.MAX_GC_PAUSE_MS).doubleValue()).isEqualTo(150.0);
        assertThat(read.get(Threshold.P99_DURING_FAULT_MS).longValue()).isEqualTo(2500);
        assertThat(read.get(Threshold.MAX_LEAKED_THREADS).longValue()).isEqualTo(80);
    }

    @Test
    void aRunRecordedBeforeMaxAttemptsIsJudgedByTheRetryBudgetItKeptAndAmplificationFollowsAttempts() {
        Map<String, String> recorded = new java.util.LinkedHashMap<>(CheckThresholds.defaults(1000, 2000).values());
        recorded.remove("maxAttempts");
        recorded.remove("maxAmplification");
        recorded.remove("minBackoffMs");
        recorded.put("retryBudget", "2");

        CheckThresholds read = new CheckThresholds(recorded);

        assertThat(read.get(Threshold.MAX_ATTEMPTS).longValue()).isEqualTo(3);
        assertThat(read.maxAmplification()).as("0, its default, follows max-attempts").isEqualTo(3.0);
        assertThat(read.get(Threshold.MIN_BACKOFF_MS).longValue()).isEqualTo(10);
        assertThat(read.with("maxAmplification", 1.5).maxAmplification()).isEqualTo(1.5);
    }

    @Test
    void aRunThatRecordedNoThresholdsIsJudgedByTheDefaults() {
        CheckThresholds defaults = CheckThresholds.defaults(1000, 2000);

        assertThat(CheckThresholds.fromParameters(Map.of("ratePerSecond", "30"), defaults)).isEqualTo(defaults);
        assertThat(defaults.get(Threshold.P99_DURING_FAULT_MS).longValue()).isEqualTo(2100);
        assertThat(Checks.of(CheckSpec.of(defaults))).hasSize(14);
    }

    @Test
    void anUnknownNameOrABadValueIsRejectedWithTheNamesThereAre() {
        CheckThresholds defaults = CheckThresholds.defaults(1000, 2000);

        assertThatThrownBy(() -> defaults.with("maxGcPause", 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxGcPause' is not a threshold").hasMessageContaining("maxGcPauseMs");
        assertThatThrownBy(() -> defaults.with("maxLeakedThreads", "many")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold 'max-leaked-threads' must be a whole number, was 'many'");
        assertThatThrownBy(() -> defaults.withFileKey("max-leaked", "3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'max-leaked' is not a threshold; known: [max-effect-duplicates");
        assertThat(defaults.withFileKey("p99-during-fault-ms", "900").get(Threshold.P99_DURING_FAULT_MS).longValue()).isEqualTo(900);
    }
}
