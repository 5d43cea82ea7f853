package dev.chaosharness.harness.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The append-only {@code history.jsonl} of one run. Safe to append to from several threads
 * (the load, the probes and the environment write at once); each event is one flushed line,
 * so a run that dies midway still leaves a readable history. Closed, it is stored compressed as
 * {@code history.jsonl.gz} (gzip: {@code zcat}, {@code zless} and {@code zgrep} read it), about a
 * tenth of the size; {@link HistoryReader} reads either.
 */
public final class RunHistory implements AutoCloseable, HistorySink {

    public static final String FILE_NAME = "history.jsonl";
    public static final String COMPRESSED_FILE_NAME = FILE_NAME + ".gz";

    /** Histories this JVM is writing: each becomes {@value #COMPRESSED_FILE_NAME} when closed. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final BufferedWriter writer;
    private final ObjectMapper mapper = HistoryJson.mapper();

    private RunHistory(Path file) throws IOException {
        this.file = file;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Opens (or continues, uncompressing it first) the history in {@code runDir}. */
    public static RunHistory open(Path runDir) {
        try {
            Files.createDirectories(runDir);
            Path plain = runDir.resolve(FILE_NAME);
            Path compressed = runDir.resolve(COMPRESSED_FILE_NAME);
            if (!Files.exists(plain) && Files.exists(compressed)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(compressed))) {
                    Files.copy(in, plain);
                }
                Files.delete(compressed);
            }
            RunHistory history = new RunHistory(plain);
            OPEN.add(plain.toAbsolutePath().normalize());
            return history;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the run history in " + runDir, e);
        }
    }

    /** The history file of a run directory as it is stored now: the plain one while written, else the compressed one. */
    public static Path storedFile(Path runDir) {
        Path plain = runDir.resolve(FILE_NAME);
        return Files.exists(plain) || !Files.exists(runDir.resolve(COMPRESSED_FILE_NAME)) ? plain
                : runDir.resolve(COMPRESSED_FILE_NAME);
    }

    /**
     * The name a report written now should link the history by: the compressed name while this JVM
     * is writing the history (it is compressed when closed, after the report), else the stored one.
     */
    public static String linkName(Path runDir) {
        return OPEN.contains(runDir.resolve(FILE_NAME).toAbsolutePath().normalize()) ? COMPRESSED_FILE_NAME
                : storedFile(runDir).getFileName().toString();
    }

    /** Whether {@code runDir} holds a run history, plain or compressed. */
    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE_NAME)) || Files.isRegularFile(runDir.resolve(COMPRESSED_FILE_NAME));
    }

    public Path file() {
        return file;
    }

    @Override
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

    /** Closes the history and stores it compressed ({@value #COMPRESSED_FILE_NAME}); the plain file goes. */
    @Override
    public synchronized void close() {
        try {
            writer.close();
            OPEN.remove(file.toAbsolutePath().normalize());
            Path compressed = file.resolveSibling(COMPRESSED_FILE_NAME);
            Path partial = file.resolveSibling(COMPRESSED_FILE_NAME + ".part");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                Files.copy(file, out);
            }
            Files.move(partial, compressed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close and compress " + file, e);
        }
    }
}
