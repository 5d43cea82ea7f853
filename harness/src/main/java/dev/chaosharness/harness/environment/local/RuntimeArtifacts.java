package dev.chaosharness.harness.environment.local;

import dev.chaosharness.harness.settings.HarnessSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What the local runtime forks besides the declared services: the Kafka broker's classpath, and
 * the Java that runs a service jar whose system file names none. Read from
 * {@code harness-runtime.properties} on the classpath (written by the build), each entry
 * overridable by a system property of the same name.
 */
public record RuntimeArtifacts(Path kafkaLibDir, Path javaExecutable) {

    public static final String RESOURCE = "harness-runtime.properties";

    /** The build's artifacts ({@code harness-runtime.properties} on the classpath), as the settings may override them. */
    public static RuntimeArtifacts of(HarnessSettings settings) {
        Properties properties = new Properties();
        try (InputStream in = RuntimeArtifacts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        RuntimeArtifacts artifacts = new RuntimeArtifacts(path(properties, HarnessSettings.KAFKA_LIB, settings.kafkaLib()),
                settings.javaHome().resolve("bin").resolve("java"));
        if (!Files.isDirectory(artifacts.kafkaLibDir())) {
            throw new IllegalStateException("harness.kafka.lib: " + artifacts.kafkaLibDir()
                    + " is not a directory (build the kafka-broker module: `mvn -B package -DskipTests`)");
        }
        return artifacts;
    }

    private static Path path(Properties properties, String key, String given) {
        String value = given.isBlank() ? properties.getProperty(key) : given;
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("'" + key + "' is not set: neither a system property nor an entry in "
                    + RESOURCE + " (run `mvn -B package -DskipTests` first)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    /** JVM options that use the CDS archive ({@code app.jsa}) beside a service jar, when there is one. */
    public static List<String> classDataSharing(Path jar) {
        Path archive = jar.resolveSibling("app.jsa");
        return Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off")
                : List.of();
    }
}
