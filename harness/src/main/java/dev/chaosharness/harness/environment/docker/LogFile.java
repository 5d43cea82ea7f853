package dev.chaosharness.harness.environment.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import dev.chaosharness.harness.environment.LogTail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/** A container's stdout and stderr appended to its log file in the run directory, as the local runtime does. */
final class LogFile implements Consumer<OutputFrame> {

    private final Path file;

    LogFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void header(String line) {
        append(("---- " + line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void accept(OutputFrame frame) {
        if (frame.getType() != OutputFrame.OutputType.END && frame.getBytes() != null) {
            append(frame.getBytes());
        }
    }

    /** What the container wrote since the latest {@link #header}. */
    String sinceLastHeader() {
        try {
            String all = Files.readString(file, StandardCharsets.UTF_8);
            int header = all.lastIndexOf("---- ");
            return header < 0 ? all : all.substring(header);
        } catch (IOException e) {
            return "";
        }
    }

    String tail(int lines) {
        return LogTail.of(file, lines);
    }

    private synchronized void append(byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
