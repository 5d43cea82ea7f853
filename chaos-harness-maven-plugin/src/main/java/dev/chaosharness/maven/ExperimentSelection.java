package dev.chaosharness.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which experiment files a run takes: one named ({@code -Dchaos.experiment}: a path, or a file in
 * the experiments directory with or without {@code .yaml}), else every file under the directory
 * that an include glob matches and no exclude glob does (globs relative to the directory).
 */
record ExperimentSelection(Path directory, List<String> includes, List<String> excludes, String experiment) {

    ExperimentSelection {
        includes = includes == null || includes.isEmpty() ? List.of("*.yaml") : List.copyOf(includes);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
    }

    /** The files, sorted; an error naming what was looked for when a named experiment is missing. */
    List<Path> files() {
        if (experiment != null && !experiment.isBlank()) {
            return List.of(named(experiment.strip()));
        }
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<PathMatcher> in = includes.stream().map(ExperimentSelection::glob).toList();
        List<PathMatcher> out = excludes.stream().map(ExperimentSelection::glob).toList();
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                Path relative = directory.relativize(f);
                return in.stream().anyMatch(m -> m.matches(relative)) && out.stream().noneMatch(m -> m.matches(relative));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private Path named(String name) {
        for (Path candidate : List.of(Path.of(name), directory.resolve(name), directory.resolve(name + ".yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalArgumentException("chaos.experiment=" + name + ": no file " + name + ", " + directory.resolve(name)
                + " or " + directory.resolve(name + ".yaml"));
    }

    private static PathMatcher glob(String pattern) {
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern.strip());
    }
}
