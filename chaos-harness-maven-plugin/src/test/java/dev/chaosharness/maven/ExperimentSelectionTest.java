package dev.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentSelectionTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("system"));
        for (String name : List.of("churn.yaml", "deadline.yaml", "notes.txt", "system/ledger.yaml")) {
            Files.writeString(dir.resolve(name), "");
        }
    }

    @Test
    void everyTopLevelYamlByDefaultAndExcludesApply() {
        assertThat(new ExperimentSelection(dir, null, null, null).files())
                .containsExactly(dir.resolve("churn.yaml"), dir.resolve("deadline.yaml"));
        assertThat(new ExperimentSelection(dir, List.of("**.yaml"), List.of("system/**", "churn*"), null).files())
                .containsExactly(dir.resolve("deadline.yaml"));
    }

    @Test
    void oneNamedExperimentByPathOrNameAndAMissingOneIsNamed() {
        assertThat(new ExperimentSelection(dir, null, null, "churn").files()).containsExactly(dir.resolve("churn.yaml"));
        assertThat(new ExperimentSelection(dir, null, null, dir.resolve("deadline.yaml").toString()).files())
                .containsExactly(dir.resolve("deadline.yaml"));
        assertThatThrownBy(() -> new ExperimentSelection(dir, null, null, "soak").files())
                .hasMessageContaining("chaos.experiment=soak").hasMessageContaining("soak.yaml");
    }

    @Test
    void aMissingDirectoryHasNoExperiments() {
        assertThat(new ExperimentSelection(dir.resolve("none"), null, null, null).files()).isEmpty();
    }
}
