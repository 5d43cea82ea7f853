package dev.chaosharness.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void givesTheLastLinesIndented() throws IOException {
        Path log = Files.writeString(dir.resolve("payment-1.log"), "one\ntwo\nthree\nfour\n");

        assertThat(LogTail.of(log, 2)).isEqualTo(System.lineSeparator() + "  | three" + System.lineSeparator() + "  | four");
    }

    @Test
    void aMissingLogGivesNothingRatherThanFailingTheErrorThatCitesIt() {
        assertThat(LogTail.of(dir.resolve("never-written.log"), 15)).isEmpty();
    }
}
