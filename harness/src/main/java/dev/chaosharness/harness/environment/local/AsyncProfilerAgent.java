package dev.chaosharness.harness.environment.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * async-profiler's agent ({@code tools.profiler:async-profiler}, whose jar carries the native
 * library of each platform) for a service JVM declared with {@code profile:}: started with the JVM,
 * it records the chosen event ({@code wall}: every thread, running or waiting, with safepoint pauses,
 * the articles' wall-clock profile; {@code cpu}; {@code alloc}) as JFR into the run's
 * {@code profiler/} folder, written when the JVM exits.
 */
public final class AsyncProfilerAgent {

    static final String DIRECTORY = "profiler";

    private AsyncProfilerAgent() {
    }

    /** The JVM option: the library copied once into the run's {@code profiler/} folder, recording into {@code output}. */
    public static String option(Path runDir, String event, Path output) {
        Path library = library(runDir.resolve(DIRECTORY));
        return "-agentpath:" + library + "=start,event=" + event + ",jfr,file=" + output;
    }

    /** Where a JVM recorded with JFR into {@code jfrFile} ({@code jfr/<instance>-<start>.jfr}) writes its profile. */
    public static Path output(Path jfrFile, String event) {
        return jfrFile.getParent().resolveSibling(DIRECTORY)
                .resolve(jfrFile.getFileName().toString().replaceFirst("\\.jfr$", "") + "-" + event + ".jfr");
    }

    private static synchronized Path library(Path dir) {
        String resource = platform() + "/libasyncProfiler.so";
        Path library = dir.resolve("libasyncProfiler.so");
        if (Files.isRegularFile(library)) {
            return library;
        }
        try (InputStream in = AsyncProfilerAgent.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("async-profiler has no library for this platform (" + resource
                        + " is not in tools.profiler:async-profiler): remove profile from the system file");
            }
            Files.createDirectories(dir);
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy async-profiler's library to " + dir, e);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (os.contains("mac")) {
            return "macos";
        }
        return "linux-" + (arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64");
    }
}
