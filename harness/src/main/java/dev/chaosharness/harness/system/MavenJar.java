package dev.chaosharness.harness.system;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A service jar named by Maven coordinates, {@code maven:group:artifact:version[:classifier]},
 * found in the local Maven repository (as {@code mvn install} or the chaos-harness Maven plugin,
 * which resolves these before a run, leave it): the settings' {@code harness.maven.localRepository},
 * else {@code ~/.m2/repository}.
 */
public record MavenJar(String groupId, String artifactId, String version, Optional<String> classifier) {

    public static final String PREFIX = "maven:";
    public static final String LOCAL_REPOSITORY_PROPERTY = dev.chaosharness.harness.settings.HarnessSettings.MAVEN_REPOSITORY;

    public static boolean isCoordinates(String jar) {
        return jar.startsWith(PREFIX);
    }

    /** The coordinates after {@code maven:}, or an error saying the form. */
    public static MavenJar parse(String jar) {
        String[] parts = jar.substring(PREFIX.length()).split(":", -1);
        if (parts.length < 3 || parts.length > 4 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("'" + jar + "' is not maven:group:artifact:version[:classifier]");
        }
        return new MavenJar(parts[0], parts[1], parts[2], parts.length == 4 ? Optional.of(parts[3]) : Optional.empty());
    }

    /** {@code group:artifact:jar[:classifier]:version}, as Maven's resolver and {@code dependency:get} spell it. */
    public String artifactCoordinates() {
        return groupId + ":" + artifactId + ":jar" + classifier.map(c -> ":" + c).orElse("") + ":" + version;
    }

    /** Where the jar is in {@code localRepository}. */
    public Path in(Path localRepository) {
        return localRepository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + classifier.map(c -> "-" + c).orElse("") + ".jar");
    }

}
