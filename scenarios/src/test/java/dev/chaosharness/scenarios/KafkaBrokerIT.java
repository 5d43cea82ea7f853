package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.local.KafkaBrokerProcess;
import dev.chaosharness.harness.environment.local.RuntimeArtifacts;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.system.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker on its own: a second broker in the same JVM starts from a copy of the first's
 * formatted storage, and a declared topic that a service created first with other partitions stops
 * the start with an error that says so (services start alongside the broker).
 */
class KafkaBrokerIT {

    @TempDir
    Path dir;

    @Test
    void aSecondBrokerStartsFromTheCopiedStorageAndAMismatchedTopicIsAnError() throws Exception {
        RuntimeArtifacts artifacts = RuntimeArtifacts.of(Settings.SETTINGS);
        try (RunHistory history = RunHistory.open(dir)) {
            KafkaBrokerProcess first = new KafkaBrokerProcess(artifacts, dir.resolve("first"), history,
                    Duration.ofSeconds(60), List.of());
            KafkaBrokerProcess second = new KafkaBrokerProcess(artifacts, dir.resolve("second"), history,
                    Duration.ofSeconds(60), List.of());
            try {
                first.launch();
                second.launch();
                assertThat(Files.readString(dir.resolve("second/data/meta.properties")))
                        .isEqualTo(Files.readString(dir.resolve("first/data/meta.properties")));
                assertThat(dir.resolve("second/kafka-format.log")).as("the second was not formatted again").doesNotExist();
                first.awaitReady();
                second.awaitReady();

                try (Admin admin = Admin.create(first.adminConfig())) {
                    admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
                }
                assertThatThrownBy(() -> first.createTopics(List.of(new TopicSpec("orders", 6, Map.of()))))
                        .isInstanceOf(EnvironmentStartException.class)
                        .hasMessageContaining("topic orders has 1 partitions, but the system file declares 6");
                first.createTopics(List.of(new TopicSpec("orders", 1, Map.of()), new TopicSpec("payments", 3, Map.of())));
                second.createTopics(List.of(new TopicSpec("orders", 6, Map.of())));
                assertThat(partitions(first, "payments")).isEqualTo(3);
                assertThat(partitions(second, "orders")).isEqualTo(6);
            } finally {
                first.close();
                second.close();
                first.instance().stop();
                second.instance().stop();
            }
            assertThat(first.instance().isRunning()).isFalse();
            assertThat(second.instance().isRunning()).isFalse();
        }
    }

    private static int partitions(KafkaBrokerProcess broker, String topic) throws Exception {
        try (Admin admin = Admin.create(broker.adminConfig())) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }
}
