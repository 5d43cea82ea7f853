package dev.chaosharness.harness.environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a process log, indented, for an error message that says why something did not start. */
public final class LogTail {

    private LogTail() {
    }

    public static String of(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return System.lineSeparator() + "  | " + String.join(System.lineSeparator() + "  | ",
                    all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
