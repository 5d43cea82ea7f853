package dev.chaosharness.harness.environment.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import dev.chaosharness.harness.settings.HarnessSettings;
import org.testcontainers.utility.DockerImageName;

/**
 * Which image runs what. By default the real images: {@code apache/kafka},
 * {@code ghcr.io/shopify/toxiproxy}, and {@code eclipse-temurin:17-jre} for the services declared as
 * jars; with {@code -Dharness.images=offline} the substitutes that {@code images/build.sh} builds
 * without a registry. Each one can be set alone with
 * {@code -Dharness.image.<kafka|fault-proxy|jre>=name:tag}, and the JRE of one service with
 * {@code -Dharness.image.jre.<service>=name:tag} (a service whose system file names a java-home needs
 * one); any image given for Kafka or the fault proxy is declared a compatible substitute of the real one.
 *
 * <p>An image a system file declares ({@code image: postgres:16}) runs as declared, unless
 * {@code -Dharness.image.for.<repository>=name:tag} names another (e.g.
 * {@code -Dharness.image.for.postgres=my-registry/postgres:16}); with the offline set, {@code postgres}
 * is {@link #OFFLINE_POSTGRES}, built by {@code images/build.sh} from Debian's package and started as
 * the official image is (the same {@code POSTGRES_*} variables, port 5432).
 */
public record ContainerImages(DockerImageName kafka, DockerImageName faultProxy, DockerImageName jre, boolean offline,
                              Map<String, String> settings) {

    public static final String SET_PROPERTY = HarnessSettings.IMAGES;
    public static final String REAL_KAFKA = "apache/kafka";
    public static final String REAL_TOXIPROXY = "ghcr.io/shopify/toxiproxy";
    public static final String TOXIPROXY_VERSION = "2.12.0";
    public static final String REAL_JRE = "eclipse-temurin:17-jre";
    public static final String OFFLINE_JRE = "chaos-harness/jre:17-bookworm";
    public static final String OFFLINE_POSTGRES = "chaos-harness/postgres:15-bookworm";
    private static final String FOR_PROPERTY = "harness.image.for.";

    /** The images the settings choose ({@code harness.images}, {@code harness.image.*}). */
    public static ContainerImages of(HarnessSettings harness) {
        Map<String, String> settings = harness.images();
        Properties build = buildProperties();
        String version = build.getProperty("harness.version", "0.1.0-SNAPSHOT");
        String kafkaVersion = build.getProperty("harness.kafka.version", "4.1.2");
        String set = settings.getOrDefault(SET_PROPERTY, "registry");
        boolean offline = switch (set) {
            case "registry" -> false;
            case "offline" -> true;
            default -> throw new IllegalArgumentException(SET_PROPERTY + "=" + set
                    + " is not an image set; use 'registry' (apache/kafka, ghcr.io/shopify/toxiproxy) or 'offline'"
                    + " (the substitutes built by images/build.sh)");
        };
        String kafka = offline ? "chaos-harness/kafka:" + kafkaVersion : REAL_KAFKA + ":" + kafkaVersion;
        String proxy = offline ? "chaos-harness/fault-proxy:" + version : REAL_TOXIPROXY + ":" + TOXIPROXY_VERSION;
        String jre = offline ? OFFLINE_JRE : REAL_JRE;
        return new ContainerImages(
                image(settings, "kafka", kafka).asCompatibleSubstituteFor(REAL_KAFKA),
                image(settings, "fault-proxy", proxy).asCompatibleSubstituteFor(REAL_TOXIPROXY),
                image(settings, "jre", jre), offline, settings);
    }

    /** The image that runs for one a system file declares: itself, or the substitute set for its repository. */
    public DockerImageName forDeclared(String declared) {
        DockerImageName image = DockerImageName.parse(declared);
        String substitute = settings.getOrDefault(FOR_PROPERTY + image.getRepository(),
                offline && image.getRepository().equals("postgres") ? OFFLINE_POSTGRES : null);
        return substitute == null ? image : DockerImageName.parse(substitute).asCompatibleSubstituteFor(image.getRepository());
    }

    /** The image a service's jar runs in: its own with {@code -Dharness.image.jre.<service>}, else the JRE image. */
    public DockerImageName jreFor(String service) {
        String own = settings.get("harness.image.jre." + service);
        return own == null ? jre : DockerImageName.parse(own);
    }

    /** Whether a service has an image of its own set (a jar that needs another Java than the JRE image's). */
    public boolean hasOwnJre(String service) {
        return settings.containsKey("harness.image.jre." + service);
    }

    private static DockerImageName image(Map<String, String> settings, String what, String fallback) {
        return DockerImageName.parse(settings.getOrDefault("harness.image." + what, fallback));
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = ContainerImages.class.getClassLoader().getResourceAsStream("harness-runtime.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read harness-runtime.properties", e);
        }
        return properties;
    }
}
