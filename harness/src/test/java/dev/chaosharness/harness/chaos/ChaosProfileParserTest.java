package dev.chaosharness.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.system.TestSystems;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.yaml.YamlException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosProfileParserTest {

    private final ChaosProfileParser parser = new ChaosProfileParser(Topology.of(TestSystems.orderPayment()));

    private static final String VALID = """
            # a comment
            name: consumer-churn
            description: Kill and freeze payment instances.
            seed: 7
            timeline:
              - at: 5s
                duration: 4s
                action: kill
                target: payment-2
                params:
                  restart: true
              - at: 1500ms
                duration: 1m
                action: latency
                target: order->payment
                params:
                  latency: 3000
                  stream: upstream
              - at: 0
                duration: 2
                action: pause
                target: random:payment-*
            """;

    @Test
    void aValidProfileParsesWithDefaultsFilledIn() {
        ChaosProfile profile = parser.parse("churn.yaml", VALID);

        assertThat(profile.name()).isEqualTo("consumer-churn");
        assertThat(profile.seed()).isEqualTo(7);
        assertThat(profile.timeline()).hasSize(3);
        FaultWindow kill = profile.timeline().get(0);
        assertThat(kill.line()).isEqualTo(6);
        assertThat(kill.at()).isEqualTo(Duration.ofSeconds(5));
        assertThat(kill.targets()).containsExactly("payment-2");
        FaultWindow latency = profile.timeline().get(1);
        assertThat(latency.at()).isEqualTo(Duration.ofMillis(1500));
        assertThat(latency.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(latency.targets()).containsExactly("order->payment-1", "order->payment-2", "order->payment-3",
                "order->payment-4");
        assertThat(latency.params()).containsEntry("latency", "3000").containsEntry("jitter", "0")
                .containsEntry("stream", "upstream").containsEntry("toxicity", "1.0");
        assertThat(profile.timeline().get(2).targets()).hasSize(1).allMatch(t -> t.startsWith("payment-"));
        assertThat(profile.lastWindowEnd()).isEqualTo(Duration.ofMillis(61_500));
    }

    @Test
    void theSeedFixesRandomTargets() {
        List<String> first = parser.parse("a.yaml", VALID).timeline().get(2).targets();
        for (int i = 0; i < 5; i++) {
            assertThat(parser.parse("a.yaml", VALID).timeline().get(2).targets()).isEqualTo(first);
        }
    }

    @Test
    void unknownFieldIsNamedWithItsLine() {
        assertProfileError(VALID.replace("seed: 7", "seed: 7\ncolour: red"), 5, "colour", "unknown field");
    }

    @Test
    void unknownActionIsNamedWithItsLine() {
        assertProfileError(VALID.replace("action: kill", "action: explode"), 8, "timeline[1].action", "unknown action 'explode'");
    }

    @Test
    void missingTargetIsNamed() {
        assertProfileError(VALID.replace("    target: payment-2\n", ""), 6, "target", "is required");
    }

    @Test
    void unknownTargetIsNamedWithTheKnownOnes() {
        assertProfileError(VALID.replace("target: payment-2", "target: payment-9"), 9, "timeline[1].target",
                "no instance matches 'payment-9'");
    }

    @Test
    void aLinkActionOnAnInstanceIsRefused() {
        assertProfileError(VALID.replace("target: order->payment", "target: payment-1"), 15, "timeline[2].target",
                "no link matches");
    }

    @Test
    void badValuesAreNamed() {
        assertProfileError(VALID.replace("latency: 3000", "latency: -5"), 17, "timeline[2].params.latency", "must not be negative");
        assertProfileError(VALID.replace("stream: upstream", "stream: sideways"), 18, "timeline[2].params.stream",
                "upstream or downstream");
        assertProfileError(VALID.replace("restart: true", "restart: maybe"), 11, "timeline[1].params.restart", "true or false");
        assertProfileError(VALID.replace("latency: 3000", "jitterr: 5"), 17, "timeline[2].params.jitterr", "unknown parameter");
    }

    @Test
    void badDurationsAreNamed() {
        assertProfileError(VALID.replace("at: 5s", "at: soon"), 6, "timeline[1].at", "must be a duration");
        assertProfileError(VALID.replace("duration: 4s", "duration: 0s"), 7, "timeline[1].duration", "longer than zero");
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
        assertThatThrownBy(() -> parser.parse("broken.yaml", "name: x\ntimeline: [\n  - at: 1s\n"))
                .isInstanceOf(YamlException.class).hasMessageStartingWith("broken.yaml:");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertProfileError(VALID.replace("seed: 7", "seed: 7\nseed: 8"), 5, "seed", "appears twice");
    }

    @Test
    void missingTopLevelFieldsAreNamed() {
        assertProfileError("name: x\ndescription: y\n", 1, "timeline", "is required");
        assertProfileError("description: y\ntimeline: []\n", 1, "name", "is required");
        assertProfileError("name: Not Kebab\ndescription: y\ntimeline: []\n", 1, "name", "lower-kebab-case");
    }

    @Test
    void everyBrokenWindowIsNamedAtOnce() {
        assertThatThrownBy(() -> parser.parse("p.yaml", """
                name: p
                description: d
                timeline:
                  - {at: 1s, duration: 2s, action: explode, target: payment-1}
                  - {at: 1s, duration: 2s, action: pause, target: nobody-1}
                """)).isInstanceOf(YamlException.class).hasMessageStartingWith("2 mistakes:")
                .hasMessageContaining("p.yaml:4: timeline[1].action: unknown action 'explode'")
                .hasMessageContaining("p.yaml:5: timeline[2].target:");
    }

    private void assertProfileError(String yaml, int line, String field, String message) {
        assertThatThrownBy(() -> parser.parse("p.yaml", yaml))
                .isInstanceOf(YamlException.class)
                .hasMessageStartingWith("p.yaml:" + line + ": " + field + ": ")
                .hasMessageContaining(message);
    }
}
