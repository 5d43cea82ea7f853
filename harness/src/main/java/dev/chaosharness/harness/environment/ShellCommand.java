package dev.chaosharness.harness.environment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One {@code sh -c} command run to its end within a bound, in a process group of its own that
 * the watchdog stops if the harness dies ({@link ProcessGroups}). Its output is read while it runs:
 * read after its end, a command printing more than a pipe holds (64 KiB) would block until its
 * bound and be reported as never ending. Only the last {@value #KEPT_BYTES} bytes are kept, for
 * the message when it fails.
 */
public final class ShellCommand {

    static final int KEPT_BYTES = 16 * 1024;

    /** How a command ended: its exit code ({@code -1} when it outlived its bound) and the end of what it printed. */
    public record Result(int exitCode, boolean timedOut, String output) {
    }

    private ShellCommand() {
    }

    /**
     * Runs {@code line} in {@code directory} (null: the harness's own) for at most {@code timeoutSeconds};
     * a command still running then is killed with its process group.
     */
    public static Result run(String line, Path directory, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = ProcessGroups.start(builder, false);
        Tail tail = new Tail(process.getInputStream());
        Thread reader = new Thread(tail, "command-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                ProcessGroups.signalGroup(process.pid(), "KILL");
                process.destroyForcibly();
                reader.join(1000);
                return new Result(-1, true, tail.text());
            }
        } catch (InterruptedException e) {
            ProcessGroups.signalGroup(process.pid(), "KILL");
            process.destroyForcibly();
            throw e;
        }
        // the command's background children may hold the pipe open: its end is not awaited for them
        reader.join(1000);
        return new Result(process.exitValue(), false, tail.text());
    }

    /** Reads a stream to its end, keeping its last {@value #KEPT_BYTES} bytes. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final byte[] kept = new byte[KEPT_BYTES];
        private long total;

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    append(buffer, n);
                }
            } catch (IOException e) {
                // the stream closes when the process is destroyed: what was read is kept
            }
        }

        private synchronized void append(byte[] buffer, int n) {
            for (int i = 0; i < n; i++) {
                kept[(int) (total++ % KEPT_BYTES)] = buffer[i];
            }
        }

        synchronized String text() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (total > KEPT_BYTES) {
                int start = (int) (total % KEPT_BYTES);
                out.write(kept, start, KEPT_BYTES - start);
                out.write(kept, 0, start);
                String text = out.toString(StandardCharsets.UTF_8);
                return "(last " + KEPT_BYTES + " of " + total + " bytes) " + text.strip();
            }
            out.write(kept, 0, (int) total);
            return out.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
