package dev.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files that name the same system file run in one forked JVM, as a suite; the others alone. */
class SuiteGroupingTest {

    @TempDir
    Path dir;

    private Path experiment(String name, String system) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\nsystem: " + system + "\n");
    }

    @Test
    void filesOfOneSystemFileGoTogetherInTheOrderGiven() throws IOException {
        Files.writeString(dir.resolve("system.yaml"), "name: s\n");
        Files.createDirectories(dir.resolve("other"));
        Files.writeString(dir.resolve("other/system.yaml"), "name: t\n");
        Path a = experiment("a", "system.yaml");
        Path b = experiment("b", "other/system.yaml");
        Path c = experiment("c", "./system.yaml");
        Path broken = experiment("broken", "missing.yaml");

        assertThat(RunMojo.bySystemFile(List.of(a, b, c, broken)))
                .containsExactly(List.of(a, c), List.of(b), List.of(broken));
    }
}
