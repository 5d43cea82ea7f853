package dev.chaosharness.harness.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** {@code reports/<run-id>/}: where one run keeps its history, logs, JFR files and reports. */
public record RunDirectory(String runId, Path path) {

    public static final String REPORTS_DIR_PROPERTY = "harness.reports.dir";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** A fresh run directory under {@code harness.reports.dir} (default {@code reports}). */
    public static RunDirectory create(String experiment) {
        Path reports = Path.of(System.getProperty(REPORTS_DIR_PROPERTY, "reports")).toAbsolutePath().normalize();
        String runId = STAMP.format(LocalDateTime.now()) + "-" + experiment + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        return create(reports, runId);
    }

    public static RunDirectory create(Path reportsDir, String runId) {
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
