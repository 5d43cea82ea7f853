package dev.chaosharness.harness.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.settings.HarnessSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

class ContainerImagesTest {

    private static ContainerImages images(Map<String, String> given) {
        return ContainerImages.of(HarnessSettings.fromSystemProperties().withImages(given));
    }

    @Test
    void byDefaultKafkaAndTheProxyAreTheRealImages() {
        ContainerImages images = images(Map.of());

        assertThat(images.kafka().getUnversionedPart()).isEqualTo("apache/kafka");
        assertThat(images.faultProxy().getUnversionedPart()).isEqualTo("ghcr.io/shopify/toxiproxy");
        assertThat(images.jre().asCanonicalNameString()).isEqualTo("eclipse-temurin:17-jre");
    }

    @Test
    void theOfflineSetIsTheLocallyBuiltSubstitutesDeclaredCompatible() {
        ContainerImages images = images(Map.of(ContainerImages.SET_PROPERTY, "offline"));

        assertThat(images.kafka().getUnversionedPart()).isEqualTo("chaos-harness/kafka");
        assertThat(images.kafka().isCompatibleWith(DockerImageName.parse("apache/kafka"))).isTrue();
        assertThat(images.faultProxy().getUnversionedPart()).isEqualTo("chaos-harness/fault-proxy");
        assertThat(images.faultProxy().isCompatibleWith(DockerImageName.parse("ghcr.io/shopify/toxiproxy"))).isTrue();
        assertThat(images.jre().asCanonicalNameString()).isEqualTo("chaos-harness/jre:17-bookworm");
        assertThat(images.forDeclared("postgres:16").asCanonicalNameString()).isEqualTo(ContainerImages.OFFLINE_POSTGRES);
        assertThat(images.forDeclared("postgres:16").isCompatibleWith(DockerImageName.parse("postgres"))).isTrue();
        assertThat(images.forDeclared("redis:7").asCanonicalNameString()).as("no substitute: as declared").isEqualTo("redis:7");
    }

    @Test
    void aDeclaredImageRunsAsDeclaredUnlessASubstituteIsNamedForItsRepository() {
        assertThat(images(Map.of()).forDeclared("postgres:16").asCanonicalNameString()).isEqualTo("postgres:16");
        assertThat(images(Map.of("harness.image.for.postgres", "team/pg:16")).forDeclared("postgres:16")
                .asCanonicalNameString()).isEqualTo("team/pg:16");
    }

    @Test
    void aServiceCanHaveAJreOfItsOwn() {
        ContainerImages images = images(Map.of("harness.image.jre.ledger", "eclipse-temurin:21-jre"));

        assertThat(images.jreFor("ledger").asCanonicalNameString()).isEqualTo("eclipse-temurin:21-jre");
        assertThat(images.jreFor("order")).isEqualTo(images.jre());
        assertThat(images.hasOwnJre("ledger")).isTrue();
        assertThat(images.hasOwnJre("order")).isFalse();
    }

    @Test
    void oneImageCanBeSetAloneAndIsStillASubstitute() {
        DockerImageName kafka = images(Map.of("harness.image.kafka", "registry.example/team/kafka:4.1.2-patched")).kafka();

        assertThat(kafka.asCanonicalNameString()).isEqualTo("registry.example/team/kafka:4.1.2-patched");
        assertThat(kafka.isCompatibleWith(DockerImageName.parse("apache/kafka"))).isTrue();
    }

    @Test
    void anUnknownImageSetIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> images(Map.of(ContainerImages.SET_PROPERTY, "airgapped")))
                .hasMessageContaining("harness.images=airgapped").hasMessageContaining("'registry'")
                .hasMessageContaining("'offline'");
    }
}
