package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.settings.HarnessSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds experiment files: a path (anything ending in {@code .yaml}), or the name of a shipped one,
 * {@code <scenarios>/<system>/experiments/<name>.yaml} under the settings' {@code harness.scenarios.dir}
 * (default {@code scenarios}).
 */
public final class ExperimentFiles {

    private ExperimentFiles() {
    }

    /** The file a name or path means; an unknown name is an error listing the shipped ones. */
    public static Path find(HarnessSettings settings, String nameOrPath) {
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            Path file = Path.of(nameOrPath).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("experiment file " + file + " does not exist");
            }
            return file;
        }
        List<Path> matches = shipped(settings).stream().filter(p -> nameOf(p).equals(nameOrPath)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.isEmpty()
                    ? "no experiment named '" + nameOrPath + "' under " + settings.scenariosDir() + "; known: "
                    + shipped(settings).stream().map(ExperimentFiles::nameOf).toList()
                    : "more than one experiment named '" + nameOrPath + "': " + matches);
        }
        return matches.get(0);
    }

    /** Reads the experiment a name or path means, with these overrides applied. */
    public static ExperimentSpec load(HarnessSettings settings, String nameOrPath, Map<String, String> overrides) {
        return new ExperimentFileParser(System::getenv, settings).parse(find(settings, nameOrPath), overrides);
    }

    public static ExperimentSpec load(HarnessSettings settings, String nameOrPath) {
        return load(settings, nameOrPath, Map.of());
    }

    /** Every {@code <system>/experiments/*.yaml} under the scenarios folder, sorted. */
    public static List<Path> shipped(HarnessSettings settings) {
        Path dir = settings.scenariosDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> systems = Files.list(dir)) {
            return systems.map(system -> system.resolve("experiments")).filter(Files::isDirectory)
                    .flatMap(ExperimentFiles::yamlIn).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Stream<Path> yamlIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String nameOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
