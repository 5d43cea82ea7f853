package dev.chaosharness.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chaosharness.harness.system.MavenJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The service jars an experiment's system file names by Maven coordinates, so the plugin can
 * resolve them into the local repository before the run. Only a glance at the two files: a file
 * that cannot be read here yields nothing, and the harness reports its error with file and line.
 */
final class DeclaredMavenJars {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeclaredMavenJars() {
    }

    /** The system file the experiment names ({@code system:}), if it can be read here and exists. */
    static java.util.Optional<Path> systemFile(Path experimentFile) {
        try {
            JsonNode experiment = YAML.readTree(experimentFile.toFile());
            String system = experiment == null ? "" : experiment.path("system").asText("");
            Path systemFile = experimentFile.toAbsolutePath().getParent().resolve(system).normalize();
            return system.isBlank() || !Files.isRegularFile(systemFile) ? java.util.Optional.empty()
                    : java.util.Optional.of(systemFile);
        } catch (IOException | RuntimeException unreadable) {
            return java.util.Optional.empty();
        }
    }

    static List<MavenJar> of(Path experimentFile) {
        List<MavenJar> jars = new ArrayList<>();
        try {
            JsonNode experiment = YAML.readTree(experimentFile.toFile());
            String system = experiment == null ? "" : experiment.path("system").asText("");
            Path systemFile = experimentFile.toAbsolutePath().getParent().resolve(system).normalize();
            if (system.isBlank() || !Files.isRegularFile(systemFile)) {
                return jars;
            }
            JsonNode services = YAML.readTree(systemFile.toFile()).path("services");
            services.forEach(service -> {
                String jar = service.path("jar").asText("");
                if (MavenJar.isCoordinates(jar)) {
                    try {
                        jars.add(MavenJar.parse(jar));
                    } catch (IllegalArgumentException malformed) {
                        // the harness names it with its line
                    }
                }
            });
        } catch (IOException | RuntimeException unreadable) {
            return jars;
        }
        return jars;
    }
}
