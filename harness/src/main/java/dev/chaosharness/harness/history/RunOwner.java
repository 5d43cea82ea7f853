package dev.chaosharness.harness.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that writes a run ({@value #FILE_NAME} in its directory: its pid and start time), so
 * that a run whose harness died can be told from one still running. The start time is what makes
 * the pid its own: the kernel gives a dead process's number out again.
 */
public record RunOwner(long pid, long startMs) {

    public static final String FILE_NAME = "owner";
    /** The kernel gives start times in clock ticks (10 ms) after boot; read twice, they may differ by a tick. */
    private static final long SAME_START_MS = 1000;

    /** Records this JVM as the writer of {@code runDir}. */
    public static void claim(Path runDir) {
        ProcessHandle self = ProcessHandle.current();
        long startMs = self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        try {
            Files.writeString(runDir.resolve(FILE_NAME), "pid=" + self.pid() + " start-ms=" + startMs + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(FILE_NAME), e);
        }
    }

    /** The recorded owner of {@code runDir}, if it has a readable one. */
    public static Optional<RunOwner> of(Path runDir) {
        try {
            String text = Files.readString(runDir.resolve(FILE_NAME), StandardCharsets.UTF_8).strip();
            String[] fields = text.split(" ");
            return Optional.of(new RunOwner(Long.parseLong(fields[0].substring("pid=".length())),
                    Long.parseLong(fields[1].substring("start-ms=".length()))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this owner's process is still running: its pid, started when it was recorded. */
    public boolean isAlive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        // a start time it cannot read (another user's process): taken for the owner, never for dead
        return started.isEmpty() || startMs < 0 || Math.abs(started.get().toEpochMilli() - startMs) <= SAME_START_MS;
    }
}
