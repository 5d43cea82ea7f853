package dev.chaosharness.harness.environment.docker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.settings.HarnessSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The real Toxiproxy has none of fault-proxy's HTTP toxics: a profile with one is refused before anything starts. */
class DockerRuntimeToxicsTest {

    private static DockerRuntime withImages(String set) {
        Properties properties = new Properties();
        properties.putAll(System.getProperties());
        properties.setProperty(HarnessSettings.IMAGES, set);
        return new DockerRuntime(HarnessSettings.from(properties));
    }

    @Test
    void anHttpToxicOnTheRealToxiproxyIsRefusedNamingItsLineAndTheWayOut() {
        assertThatThrownBy(() -> withImages("registry").requireToxics(Map.of("latency", 7, "http_status", 12), "p.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("p.yaml:12: http_status: an HTTP toxic is fault-proxy's extension, which the real"
                        + " Toxiproxy (ghcr.io/shopify/toxiproxy:")
                .hasMessageContaining("-Dharness.images=offline");
    }

    @Test
    void faultProxysImageTakesThemAndTheStandardToxicsGoAnywhere() {
        assertThatCode(() -> withImages("offline").requireToxics(Map.of("http_delay", 3), "p.yaml")).doesNotThrowAnyException();
        assertThatCode(() -> withImages("registry").requireToxics(Map.of("latency", 3, "kill", 5), "p.yaml"))
                .doesNotThrowAnyException();
    }
}
