package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.spec.Threshold;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void eachThresholdIsSetByItsFileKeyAndReadByItsAccessor() {
        CheckThresholds thresholds = CheckThresholds.defaults(800, 1500);

        assertThat(thresholds.get(Threshold.SLO_P99_MS).longValue()).isEqualTo(800);
        assertThat(thresholds.get(Threshold.P99_DURING_FAULT_MS).longValue()).as("budget + 100").isEqualTo(1600);
        assertThat(thresholds.withFileKey("max-gc-pause-ms", "150").get(Threshold.MAX_GC_PAUSE_MS).doubleValue()).isEqualTo(150.0);
        assertThat(thresholds.withFileKey("max-full-gcs", "2").get(Threshold.MAX_FULL_GCS).longValue()).isEqualTo(2);
        assertThatThrownBy(() -> thresholds.withFileKey("max-full-gcs", "two"))
                .hasMessage("threshold 'max-full-gcs' must be a whole number, was 'two'");
        assertThatThrownBy(() -> thresholds.withFileKey("slo-p99ms", "1"))
                .hasMessageStartingWith("'slo-p99ms' is not a threshold; known: [max-effect-duplicates,");
    }

    @Test
    void theChecksDocListsEveryThresholdWithItsDefault() throws IOException {
        String checks = Files.readString(Path.of("..", "docs", "checks.md")).replaceAll("\\s+", " ");

        for (Threshold threshold : Threshold.values()) {
            assertThat(checks).as("docs/checks.md").contains("`" + threshold.fileKey() + "` " + threshold.defaultText());
        }
    }
}
