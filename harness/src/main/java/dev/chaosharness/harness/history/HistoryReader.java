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
import java.time.Duration;
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
    private static final ObjectReader READER = HistoryJson.mapper()
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule().addDeserializer(String.class, new SharedStrings()))
            .readerFor(HistoryEvent.class);

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
        forEach(runDirOrFile, read, consumer, Progress.NONE);
    }

    /** How far a long read got: told every {@link Progress#EVERY} while it reads, and once at its end. */
    public interface Progress {
        Duration EVERY = Duration.ofSeconds(5);
        Progress NONE = (events, fileShare, elapsed, done) -> { };

        /** {@code events} read so far, {@code fileShare} of the stored file's bytes (0 to 1), since the read began. */
        void at(long events, double fileShare, Duration elapsed, boolean done);
    }

    /** Like {@link #forEach(Path, Predicate, Consumer)}, telling {@code progress} how far it got as it reads. */
    public static void forEach(Path runDirOrFile, Predicate<String> read, Consumer<HistoryEvent> consumer, Progress progress) {
        Path file = Files.isDirectory(runDirOrFile) ? RunHistory.storedFile(runDirOrFile) : runDirOrFile;
        long startedNanos = System.nanoTime();
        long nextReportNanos = startedNanos + Progress.EVERY.toNanos();
        long events = 0;
        try (CountingInput counted = new CountingInput(Files.newInputStream(file)); BufferedReader in = open(file, counted)) {
            long totalBytes = Math.max(1, Files.size(file));
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                events++;
                if (!line.isBlank() && read.test(typeOf(line))) {
                    consumer.accept(parse(file, lineNumber, line));
                }
                if ((events & 0x3FFF) == 0 && System.nanoTime() >= nextReportNanos) {
                    progress.at(events, (double) counted.bytes / totalBytes, Duration.ofNanos(System.nanoTime() - startedNanos), false);
                    nextReportNanos = System.nanoTime() + Progress.EVERY.toNanos();
                }
            }
            progress.at(events, 1, Duration.ofNanos(System.nanoTime() - startedNanos), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run history " + file, e);
        }
    }

    /** The bytes read so far of the stored file (compressed, for a .gz): the JDK has no counting stream. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private long bytes;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            bytes += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            bytes += Math.max(0, n);
            return n;
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

    private static BufferedReader open(Path file, InputStream raw) throws IOException {
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
