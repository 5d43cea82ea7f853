package dev.chaosharness.harness.environment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What every runtime asks of its broker through kafka-clients' AdminClient, on the harness's own listener. */
public final class KafkaAdmin {

    private KafkaAdmin() {
    }

    public static Properties config(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return properties;
    }

    public static boolean answersMetadata(String bootstrap) {
        try (Admin admin = Admin.create(config(bootstrap))) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Creates the topics (partitions each, replication factor 1); existing ones are kept. */
    public static void createTopics(String bootstrap, Map<String, Integer> partitionsByTopic) {
        List<NewTopic> topics = new ArrayList<>();
        partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        try (Admin admin = Admin.create(config(bootstrap))) {
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new EnvironmentStartException("cannot create topic " + name + ": " + e.getCause(), e);
                    }
                } catch (TimeoutException | InterruptedException e) {
                    throw new EnvironmentStartException("creating topic " + name + " did not finish in 30 s", e);
                }
            });
        }
    }

    /** Waits until the capture group has this many members, stable, each with partitions. */
    public static void awaitCaptureGroup(String bootstrap, int members, Duration timeout, String whereToLook) {
        try (Admin admin = Admin.create(config(bootstrap))) {
            Awaitility.await("consumer group " + Environment.CAPTURE_GROUP + " has " + members + " members")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(Environment.CAPTURE_GROUP))
                                .describedGroups().get(Environment.CAPTURE_GROUP).get(2, TimeUnit.SECONDS);
                        return group.members().size() == members
                                && group.groupState().toString().equalsIgnoreCase("stable")
                                && (members > 6 || group.members().stream()
                                        .noneMatch(m -> m.assignment().topicPartitions().isEmpty()));
                    });
        } catch (ConditionTimeoutException e) {
            throw new EnvironmentStartException("consumer group " + Environment.CAPTURE_GROUP + " did not reach "
                    + members + " stable members within " + timeout.toSeconds() + " s; see the payment logs in "
                    + whereToLook);
        }
    }
}
