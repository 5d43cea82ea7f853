package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances' own directories ({@code data/<instance>} in the run directory: {@code ${data.dir}},
 * a postgres service's files), kept across an instance's restarts. When the environment stops, each
 * goes, unless its service is a postgres one with {@code keep-data} other than {@code never}: that
 * one waits for the run's verdict ({@link #settle}).
 */
public final class DataDirectories {

    public static final String DIRECTORY = "data";
    private static final Logger log = LoggerFactory.getLogger(DataDirectories.class);

    private DataDirectories() {
    }

    public static Path of(Path runDir, String instance) {
        return runDir.resolve(DIRECTORY).resolve(instance);
    }

    /** At the environment's stop: removes every instance's directory but those whose service may keep it. */
    public static void removeUnkept(Path runDir, SystemSpec system) {
        for (ServiceSpec service : system.services().values()) {
            if (keepData(service) == Launch.KeepData.NEVER) {
                service.instanceNames().forEach(instance -> remove(of(runDir, instance)));
            }
        }
        removeIfEmpty(runDir);
    }

    private static void removeIfEmpty(Path runDir) {
        Path data = runDir.resolve(DIRECTORY);
        try (Stream<Path> left = Files.isDirectory(data) ? Files.list(data) : Stream.empty()) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(data);
            }
        } catch (IOException e) {
            log.warn("could not remove {}: {}", data, e.toString());
        }
    }

    /**
     * Once the run has its verdict: each kept directory stays ({@code always}, or {@code on-failure}
     * and the run did not pass) or goes; returns a line for each one kept, saying where.
     */
    public static List<String> settle(Path runDir, SystemSpec system, boolean passed) {
        List<String> kept = new ArrayList<>();
        for (ServiceSpec service : system.services().values()) {
            Launch.KeepData keep = keepData(service);
            if (keep == Launch.KeepData.NEVER) {
                continue;
            }
            for (String instance : service.instanceNames()) {
                Path dir = of(runDir, instance);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                if (keep.keeps(passed)) {
                    kept.add("keep-data: " + instance + "'s data directory kept (keep-data: " + keep.spelling()
                            + (passed ? "" : ", the run did not pass") + "): " + dir);
                } else {
                    remove(dir);
                }
            }
        }
        removeIfEmpty(runDir);
        return kept;
    }

    private static Launch.KeepData keepData(ServiceSpec service) {
        return service.launch() instanceof Launch.Postgres postgres ? postgres.keepData() : Launch.KeepData.NEVER;
    }

    private static void remove(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not remove {}: {}", dir, e.toString());
        }
        if (Files.exists(dir)) {
            log.warn("could not remove all of {}", dir);
        }
    }
}
