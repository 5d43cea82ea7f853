package dev.chaosharness.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code chaos:run} leaves for {@code chaos:verify}: per experiment file, the run directory
 * it made (empty when none) and the forked harness's exit code. One tab-separated line each in
 * {@value #FILE_NAME} in the reports directory.
 */
record RunRecord(Path experimentFile, String runDirectory, int exitCode) {

    static final String FILE_NAME = "chaos-runs.tsv";

    static void writeAll(Path reportsDirectory, List<RunRecord> records) {
        StringBuilder out = new StringBuilder();
        records.forEach(r -> out.append(r.experimentFile()).append('\t').append(r.runDirectory()).append('\t')
                .append(r.exitCode()).append('\n'));
        try {
            Files.createDirectories(reportsDirectory);
            Files.writeString(reportsDirectory.resolve(FILE_NAME), out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + reportsDirectory.resolve(FILE_NAME), e);
        }
    }

    static List<RunRecord> readAll(Path reportsDirectory) {
        List<RunRecord> records = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(reportsDirectory.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", -1);
                if (fields.length == 3) {
                    records.add(new RunRecord(Path.of(fields[0]), fields[1], Integer.parseInt(fields[2])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + reportsDirectory.resolve(FILE_NAME), e);
        }
        return records;
    }
}
