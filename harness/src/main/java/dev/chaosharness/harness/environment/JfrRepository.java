package dev.chaosharness.harness.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a service JVM's JFR keeps its chunks while it runs: {@code <jfr dir>/repository/<time>_<pid>/}
 * (JFR names the folder). A JVM that exits removes its folder and dumps its recording; one killed
 * with SIGKILL leaves its chunks, readable up to their last flush (JFR flushes about once a second):
 * the only recording it leaves. Without this option JFR keeps them in the temporary directory,
 * where a killed JVM's stayed after the run.
 */
public final class JfrRepository {

    static final String DIR = "repository";
    private static final String OPTION = "-XX:FlightRecorderOptions";

    private JfrRepository() {
    }

    /** The JVM option that keeps the chunks under {@code jfrDir}. */
    public static String option(Path jfrDir) {
        return OPTION + "=repository=" + jfrDir.resolve(DIR);
    }

    /** Whether the JVM options already set JFR's options (the team's own: left as they are). */
    public static boolean setIn(List<String> jvmOptions) {
        return jvmOptions.stream().anyMatch(o -> o.startsWith(OPTION));
    }

    /** The folder of the JVM of this pid under {@code jfrDir}, if it left one. */
    public static Optional<Path> folderOf(Path jfrDir, long pid) {
        Path base = jfrDir.resolve(DIR);
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> folders = Files.list(base)) {
            return folders.filter(f -> f.getFileName().toString().endsWith("_" + pid) && Files.isDirectory(f)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
    }

    /** Its chunk files, oldest first (JFR names them by their start time); empty if it left none. */
    public static List<Path> chunksOf(Path jfrDir, long pid) {
        return folderOf(jfrDir, pid).map(folder -> {
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".jfr")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }).orElse(List.of());
    }
}
