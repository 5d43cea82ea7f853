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
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a stored {@code history.jsonl} (or its compressed {@code history.jsonl.gz}) back into typed
 * events, one line at a time: {@link #forEach} holds one event at once, {@link #readContext} only the
 * few events that do not grow with the load.
 */
public final class HistoryReader {

    private static final String TYPE_PREFIX = "{\"type\":\"";
    private static final ObjectReader READER = HistoryJson.mapper().readerFor(HistoryEvent.class);

    /**
     * The event types written once per request or record of the load: a history's size is theirs.
     * Everything else (processes, faults, the group's changes, GC pauses, thread samples) grows with
     * time and faults, not with the rate.
     */
    public static final Set<String> PER_REQUEST_TYPES = Set.of("request", "kafka-record", "deadline-observed", "http-exchange",
            "final-read", "row-read");

    private HistoryReader() {
    }

    /** Reads the history of a run directory (plain or compressed), or the file itself when given one. */
    public static List<HistoryEvent> read(Path runDirOrFile) {
        List<HistoryEvent> events = new ArrayList<>();
        forEach(runDirOrFile, events::add);
        return List.copyOf(events);
    }

    /** Every event but the per-request ones ({@link #PER_REQUEST_TYPES}), which are skipped unparsed. */
    public static List<HistoryEvent> readContext(Path runDirOrFile) {
        List<HistoryEvent> events = new ArrayList<>();
        forEach(runDirOrFile, type -> !PER_REQUEST_TYPES.contains(type), events::add);
        return List.copyOf(events);
    }

    /** Hands each event to {@code consumer} as written, holding only the one being read. */
    public static void forEach(Path runDirOrFile, Consumer<HistoryEvent> consumer) {
        forEach(runDirOrFile, type -> true, consumer);
    }

    /** Like {@link #forEach(Path, Consumer)}, but only the events whose type {@code read} accepts; the others are skipped unparsed. */
    public static void forEach(Path runDirOrFile, Predicate<String> read, Consumer<HistoryEvent> consumer) {
        Path file = Files.isDirectory(runDirOrFile) ? RunHistory.storedFile(runDirOrFile) : runDirOrFile;
        try (BufferedReader in = open(file)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank() && read.test(typeOf(line))) {
                    consumer.accept(parse(file, lineNumber, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run history " + file, e);
        }
    }

    /**
     * The writer puts the type first ({@code {"type":"request",...}}), so a line's type is read
     * without parsing it; a line written otherwise gives "" and is parsed (and rejected if bad).
     */
    private static String typeOf(String line) {
        if (!line.startsWith(TYPE_PREFIX)) {
            return "";
        }
        int end = line.indexOf('"', TYPE_PREFIX.length());
        return end > 0 ? line.substring(TYPE_PREFIX.length(), end) : "";
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The events of one type, as they were written. */
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
