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

        assertThat(thresholds.sloP99Ms()).isEqualTo(800);
        assertThat(thresholds.p99DuringFaultMs()).as("budget + 100").isEqualTo(1600);
        assertThat(thresholds.withFileKey("max-gc-pause-ms", "150").maxGcPauseMs()).isEqualTo(150.0);
        assertThat(thresholds.withFileKey("max-full-gcs", "2").maxFullGcs()).isEqualTo(2);
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
