package dev.chaosharness.harness.environment.postgres;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresLauncherTest {

    @TempDir
    Path dir;

    @Test
    void aDataDirectoryBehindADirectoryOthersCannotPassIsNamedBeforeInitdb() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path data = Files.createDirectories(home.resolve("project/reports/environments/e/data/db-1"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> PostgresLauncher.requireReachableByPostgres(data))
                .hasMessageContaining("the postgres user cannot reach " + data)
                .hasMessageContaining(home + " is mode rwx------").hasMessageContaining("chmod o+x " + home);

        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        assertThatCode(() -> PostgresLauncher.requireReachableByPostgres(data)).doesNotThrowAnyException();
    }
}
