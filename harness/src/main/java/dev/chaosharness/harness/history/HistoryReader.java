package dev.chaosharness.harness.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads a stored {@code history.jsonl} (or its compressed {@code history.jsonl.gz}) back into typed events. */
public final class HistoryReader {

    private static final ObjectReader READER = HistoryJson.mapper().readerFor(HistoryEvent.class);

    private HistoryReader() {
    }

    /** Reads the history of a run directory (plain or compressed), or the file itself when given one. */
    public static List<HistoryEvent> read(Path runDirOrFile) {
        Path file = Files.isDirectory(runDirOrFile) ? RunHistory.storedFile(runDirOrFile) : runDirOrFile;
        List<HistoryEvent> events = new ArrayList<>();
        try (BufferedReader in = open(file)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) {
                    events.add(parse(file, lineNumber, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run history " + file, e);
        }
        return List.copyOf(events);
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The events of one type, in the order they were written. */
    public static <T extends HistoryEvent> List<T> ofType(List<HistoryEvent> events, Class<T> type) {
        try (Stream<HistoryEvent> stream = events.stream()) {
            return stream.filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static HistoryEvent parse(Path file, int lineNumber, String line) {
        try {
            return READER.readValue(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": not a history event: "
                    + e.getOriginalMessage(), e);
        }
    }
}
