package dev.chaosharness.harness.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.experiment.ExperimentFileParser;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.TestSystems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which experiments share an environment: those whose effective environment is equal. */
class SuiteTest {

    private static final String EXPERIMENT = """
            name: %s
            system: system.yaml
            seed: %d
            %s
            load:
              entry: order
              request: {method: post, path: /orders, body: '{"n":${seq}}', id-field: /orderId}
              success: [201]
              rate-per-second: 20
              ramp-seconds: 5
              hold-seconds: 25
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeTheSystem() throws IOException {
        Files.writeString(dir.resolve("system.yaml"), TestSystems.ORDER_PAYMENT);
    }

    private ExperimentSpec experiment(String name, long seed, String services) {
        return new ExperimentFileParser(profile -> null, HarnessSettings.fromSystemProperties())
                .parse(dir.resolve(name + ".yaml"), EXPERIMENT.formatted(name, seed, services), Map.of());
    }

    @Test
    void experimentsOfTheSameSystemShareOneEnvironmentWhateverTheirSeeds() {
        List<ExperimentSpec> specs = List.of(experiment("a", 1, ""), experiment("b", 7, ""), experiment("c", 9, ""));

        assertThat(Suite.groups(specs).values()).hasSize(1).first()
                .satisfies(group -> assertThat(group).extracting(ExperimentSpec::name).containsExactly("a", "b", "c"));
    }

    @Test
    void aSystemWhoseReadinessIsALogLineIsSharedToo() throws IOException {
        Files.writeString(dir.resolve("system.yaml"), TestSystems.ORDER_PAYMENT.replace("http: /actuator/health",
                "log: \"order listening on \\\\d+\""));
        List<ExperimentSpec> specs = List.of(experiment("a", 1, ""), experiment("b", 2, ""));

        assertThat(Suite.groups(specs)).hasSize(1);
    }

    @Test
    void aDefectSwitchOrAnotherInstanceCountGetsAnEnvironmentOfItsOwnAndTheOrderIsKept() {
        ExperimentSpec plain = experiment("plain", 1, "");
        ExperimentSpec defect = experiment("defect", 1, """
                services:
                  payment:
                    properties: {payment.defect.naive-commit: "true"}""");
        ExperimentSpec twice = experiment("twice", 1, """
                services:
                  payment:
                    instances: 2""");
        ExperimentSpec plainAgain = experiment("plain-again", 1, "");

        assertThat(Suite.groups(List.of(defect, plain, twice, plainAgain)).values())
                .extracting(group -> group.stream().map(ExperimentSpec::name).toList())
                .containsExactly(List.of("defect"), List.of("plain", "plain-again"), List.of("twice"));
    }
}
