package dev.chaosharness.harness.environment.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.testcontainers.utility.DockerImageName;

/**
 * Which image runs what. By default Kafka and the fault proxy are the real images
 * ({@code apache/kafka}, {@code ghcr.io/shopify/toxiproxy}); with {@code -Dharness.images=offline}
 * they are the substitutes that {@code images/build.sh} builds without a registry. The services'
 * images always come from that script. Each one can be set alone with
 * {@code -Dharness.image.<kafka|fault-proxy|order-service|payment-service>=name:tag}; any image
 * given for Kafka or the fault proxy is declared a compatible substitute of the real one.
 */
public record ContainerImages(DockerImageName kafka, DockerImageName faultProxy,
                              DockerImageName orderService, DockerImageName paymentService) {

    public static final String SET_PROPERTY = "harness.images";
    public static final String REAL_KAFKA = "apache/kafka";
    public static final String REAL_TOXIPROXY = "ghcr.io/shopify/toxiproxy";
    public static final String TOXIPROXY_VERSION = "2.12.0";

    public static ContainerImages fromSystemProperties() {
        Properties build = buildProperties();
        String version = build.getProperty("harness.version", "0.1.0-SNAPSHOT");
        String kafkaVersion = build.getProperty("harness.kafka.version", "4.1.2");
        String set = System.getProperty(SET_PROPERTY, "registry");
        boolean offline = switch (set) {
            case "registry" -> false;
            case "offline" -> true;
            default -> throw new IllegalArgumentException(SET_PROPERTY + "=" + set
                    + " is not an image set; use 'registry' (apache/kafka, ghcr.io/shopify/toxiproxy) or 'offline'"
                    + " (the substitutes built by images/build.sh)");
        };
        String kafka = offline ? "chaos-harness/kafka:" + kafkaVersion : REAL_KAFKA + ":" + kafkaVersion;
        String proxy = offline ? "chaos-harness/fault-proxy:" + version : REAL_TOXIPROXY + ":" + TOXIPROXY_VERSION;
        return new ContainerImages(
                image("kafka", kafka).asCompatibleSubstituteFor(REAL_KAFKA),
                image("fault-proxy", proxy).asCompatibleSubstituteFor(REAL_TOXIPROXY),
                image("order-service", "chaos-harness/order-service:" + version),
                image("payment-service", "chaos-harness/payment-service:" + version));
    }

    private static DockerImageName image(String what, String fallback) {
        return DockerImageName.parse(System.getProperty("harness.image." + what, fallback));
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
