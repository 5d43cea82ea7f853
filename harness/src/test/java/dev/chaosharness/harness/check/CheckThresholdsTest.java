package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckThresholdsTest {

    @Test
    void thresholdsRoundTripThroughTheRunsParameters() {
        CheckThresholds custom = new CheckThresholds(3, 150, 0.1, 5_000, 50, 1, 80, 900, 2_500, 2.5, 20_000);

        assertThat(CheckThresholds.fromParameters(custom.toParameters(), CheckThresholds.defaults(1000, 2000)))
                .isEqualTo(custom);
    }

    @Test
    void aRunThatRecordedNoThresholdsIsJudgedByTheDefaults() {
        CheckThresholds defaults = CheckThresholds.defaults(1000, 2000);

        assertThat(CheckThresholds.fromParameters(Map.of("ratePerSecond", "30"), defaults)).isEqualTo(defaults);
        assertThat(defaults.p99DuringFaultMs()).isEqualTo(2100);
        assertThat(defaults.checks()).hasSize(8);
    }
}
