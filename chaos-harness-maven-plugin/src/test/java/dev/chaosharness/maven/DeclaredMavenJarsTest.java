package dev.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.system.MavenJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredMavenJarsTest {

    @TempDir
    Path dir;

    @Test
    void theSystemFilesCoordinatesAreFoundAndPathsAndBrokenFilesYieldNothing() throws IOException {
        Files.createDirectories(dir.resolve("system"));
        Files.writeString(dir.resolve("system/shop.yaml"), """
                name: shop
                services:
                  api: {jar: ../../api/target/api.jar}
                  worker: {jar: "maven:com.team:worker:2.0:exec"}
                """);
        Files.writeString(dir.resolve("churn.yaml"), "name: churn\nsystem: system/shop.yaml\n");
        Files.writeString(dir.resolve("broken.yaml"), "name: [unclosed\n");

        assertThat(DeclaredMavenJars.of(dir.resolve("churn.yaml"))).extracting(MavenJar::artifactCoordinates)
                .containsExactly("com.team:worker:jar:exec:2.0");
        assertThat(DeclaredMavenJars.of(dir.resolve("broken.yaml"))).isEmpty();
    }
}
