package dev.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example experiment is the example project's file, word for word. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsTheExampleProjectsExperimentAsItIs() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        String experiment = Files.readString(root.resolve("examples/team-project/src/test/chaos/risk-deadline.yaml")).strip();

        assertThat(readme).contains("```yaml\n" + experiment + "\n```");
    }
}
