package dev.chaosharness.harness.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only {@code history.jsonl} of one run. Safe to append to from several threads
 * (the load, the probes and the environment write at once); each event is one flushed line,
 * so a run that dies midway still leaves a readable history.
 */
public final class RunHistory implements AutoCloseable {

    public static final String FILE_NAME = "history.jsonl";

    private final Path file;
    private final BufferedWriter writer;
    private final ObjectMapper mapper = HistoryJson.mapper();

    private RunHistory(Path file) throws IOException {
        this.file = file;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens (or continues) the history in {@code runDir}. */
    public static RunHistory open(Path runDir) {
        try {
            Files.createDirectories(runDir);
            return new RunHistory(runDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run history in " + runDir, e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void append(HistoryEvent event) {
        try {
            writer.write(mapper.writerFor(HistoryEvent.class).writeValueAsString(event));
            writer.newLine();
            writer.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + event, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
