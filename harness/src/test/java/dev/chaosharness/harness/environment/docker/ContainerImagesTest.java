package dev.chaosharness.harness.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

class ContainerImagesTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(ContainerImages.SET_PROPERTY);
        System.clearProperty("harness.image.kafka");
    }

    @Test
    void byDefaultKafkaAndTheProxyAreTheRealImages() {
        ContainerImages images = ContainerImages.fromSystemProperties();

        assertThat(images.kafka().getUnversionedPart()).isEqualTo("apache/kafka");
        assertThat(images.faultProxy().getUnversionedPart()).isEqualTo("ghcr.io/shopify/toxiproxy");
        assertThat(images.jre().asCanonicalNameString()).isEqualTo("eclipse-temurin:17-jre");
    }

    @Test
    void theOfflineSetIsTheLocallyBuiltSubstitutesDeclaredCompatible() {
        System.setProperty(ContainerImages.SET_PROPERTY, "offline");

        ContainerImages images = ContainerImages.fromSystemProperties();

        assertThat(images.kafka().getUnversionedPart()).isEqualTo("chaos-harness/kafka");
        assertThat(images.kafka().isCompatibleWith(DockerImageName.parse("apache/kafka"))).isTrue();
        assertThat(images.faultProxy().getUnversionedPart()).isEqualTo("chaos-harness/fault-proxy");
        assertThat(images.faultProxy().isCompatibleWith(DockerImageName.parse("ghcr.io/shopify/toxiproxy"))).isTrue();
        assertThat(images.jre().asCanonicalNameString()).isEqualTo("chaos-harness/jre:17-bookworm");
    }

    @Test
    void aServiceCanHaveAJreOfItsOwn() {
        System.setProperty("harness.image.jre.ledger", "eclipse-temurin:21-jre");
        try {
            ContainerImages images = ContainerImages.fromSystemProperties();

            assertThat(images.jreFor("ledger").asCanonicalNameString()).isEqualTo("eclipse-temurin:21-jre");
            assertThat(images.jreFor("order")).isEqualTo(images.jre());
        } finally {
            System.clearProperty("harness.image.jre.ledger");
        }
    }

    @Test
    void oneImageCanBeSetAloneAndIsStillASubstitute() {
        System.setProperty("harness.image.kafka", "registry.example/team/kafka:4.1.2-patched");

        DockerImageName kafka = ContainerImages.fromSystemProperties().kafka();

        assertThat(kafka.asCanonicalNameString()).isEqualTo("registry.example/team/kafka:4.1.2-patched");
        assertThat(kafka.isCompatibleWith(DockerImageName.parse("apache/kafka"))).isTrue();
    }

    @Test
    void anUnknownImageSetIsRefusedWithTheChoices() {
        System.setProperty(ContainerImages.SET_PROPERTY, "airgapped");

        assertThatThrownBy(ContainerImages::fromSystemProperties)
                .hasMessageContaining("harness.images=airgapped").hasMessageContaining("'registry'")
                .hasMessageContaining("'offline'");
    }
}
