package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.system.SystemFileParser;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.TestSystems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoriesTest {

    @TempDir
    Path runDir;

    private final SystemSpec system = new SystemFileParser(name -> null, TestSystems.NO_MAVEN_REPOSITORY).parse(
            Path.of("/systems/shop.yaml"), """
                    name: shop
                    services:
                      orders-db:
                        postgres:
                          databases: [{name: orders, owner: orders, password: orders}]
                          keep-data: on-failure
                      audit-db:
                        postgres:
                          databases: [{name: audit, owner: audit, password: audit}]
                          keep-data: always
                      cache:
                        command: [cache, "${data.dir}"]
                        instances: 2
                    """);

    private void createAll() throws IOException {
        for (String instance : new String[] {"orders-db-1", "audit-db-1", "cache-1", "cache-2"}) {
            Files.writeString(Files.createDirectories(DataDirectories.of(runDir, instance)).resolve("file"), "x");
        }
    }

    @Test
    void atTheStopOnlyWhatAServiceMayKeepStaysAndAPassingRunDropsItsOnFailureData() throws IOException {
        createAll();
        DataDirectories.removeUnkept(runDir, system);
        assertThat(DataDirectories.of(runDir, "cache-1")).doesNotExist();
        assertThat(DataDirectories.of(runDir, "cache-2")).doesNotExist();
        assertThat(DataDirectories.of(runDir, "orders-db-1")).isDirectory();

        assertThat(DataDirectories.settle(runDir, system, true)).containsExactly("keep-data: audit-db-1's data directory kept"
                + " (keep-data: always): " + DataDirectories.of(runDir, "audit-db-1"));
        assertThat(DataDirectories.of(runDir, "orders-db-1")).as("on-failure, and the run passed").doesNotExist();
        assertThat(DataDirectories.of(runDir, "audit-db-1").resolve("file")).exists();
    }

    @Test
    void aRunThatDidNotPassKeepsItsOnFailureDataAndSaysWhere() throws IOException {
        createAll();
        DataDirectories.removeUnkept(runDir, system);
        assertThat(DataDirectories.settle(runDir, system, false)).containsExactly(
                "keep-data: orders-db-1's data directory kept (keep-data: on-failure, the run did not pass): "
                        + DataDirectories.of(runDir, "orders-db-1"),
                "keep-data: audit-db-1's data directory kept (keep-data: always, the run did not pass): "
                        + DataDirectories.of(runDir, "audit-db-1"));
        assertThat(DataDirectories.of(runDir, "orders-db-1").resolve("file")).exists();
    }

    /** A passing run lets its on-failure data go, and the empty data folder with it (it stayed in a shared environment's directory). */
    @Test
    void whenTheLastKeptDirectoryGoesTheDataFolderGoesToo() throws IOException {
        Files.writeString(Files.createDirectories(DataDirectories.of(runDir, "orders-db-1")).resolve("file"), "x");
        DataDirectories.removeUnkept(runDir, system);

        assertThat(DataDirectories.settle(runDir, system, true)).isEmpty();
        assertThat(runDir.resolve(DataDirectories.DIRECTORY)).doesNotExist();
    }

    @Test
    void withNothingKeptTheDataFolderGoesWhole() throws IOException {
        Files.createDirectories(DataDirectories.of(runDir, "cache-1"));
        DataDirectories.removeUnkept(runDir, system);
        assertThat(runDir.resolve(DataDirectories.DIRECTORY)).doesNotExist();
    }
}
