package dev.chaosharness.harness.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code reports/<run-id>/}: where one run keeps its history, logs, JFR files and reports. */
public record RunDirectory(String runId, Path path) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-([a-z0-9][a-z0-9-]*)-[0-9a-f]{4}");

    /** The experiment a run id ({@code 20261130-125317-ledger-deadline-65bb}) names, if it is one the harness made. */
    public static Optional<String> experimentOf(String runId) {
        Matcher matcher = RUN_ID.matcher(runId);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** A fresh run directory of {@code experiment} in {@code reportsDir} (the settings' {@code harness.reports.dir}). */
    public static RunDirectory create(Path reportsDir, String experiment) {
        String runId = STAMP.format(LocalDateTime.now()) + "-" + experiment + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path path = reportsDir.resolve(runId);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + path, e);
        }
        return new RunDirectory(runId, path);
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }
}
