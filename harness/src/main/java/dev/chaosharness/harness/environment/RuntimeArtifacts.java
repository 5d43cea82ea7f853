package dev.chaosharness.harness.environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Where the forked JVMs' code is: the services' runnable jars and the Kafka broker's classpath.
 * Read from {@code harness-runtime.properties} on the classpath (written by the build), each
 * entry overridable by a system property of the same name.
 */
public record RuntimeArtifacts(Path orderServiceJar, Path paymentServiceJar, Path kafkaLibDir, Path javaExecutable) {

    public static final String RESOURCE = "harness-runtime.properties";

    public static RuntimeArtifacts fromClasspath() {
        Properties properties = new Properties();
        try (InputStream in = RuntimeArtifacts.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        RuntimeArtifacts artifacts = new RuntimeArtifacts(
                path(properties, "harness.order-service.jar"),
                path(properties, "harness.payment-service.jar"),
                path(properties, "harness.kafka.lib"),
                Path.of(System.getProperty("java.home"), "bin", "java"));
        artifacts.verify();
        return artifacts;
    }

    private static Path path(Properties properties, String key) {
        String value = System.getProperty(key, properties.getProperty(key));
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

    private void verify() {
        require(orderServiceJar, "harness.order-service.jar");
        require(paymentServiceJar, "harness.payment-service.jar");
        if (!Files.isDirectory(kafkaLibDir)) {
            throw new IllegalStateException("harness.kafka.lib: " + kafkaLibDir
                    + " is not a directory (build the kafka-broker module: `mvn -B package -DskipTests`)");
        }
    }

    private static void require(Path jar, String key) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(key + ": " + jar + " does not exist (run `mvn -B package -DskipTests` first)");
        }
    }
}
