package dev.chaosharness.harness.environment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import dev.chaosharness.harness.system.TopicSpec;

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

    /** True once the broker answers a metadata request, asked with a short-lived AdminClient. */
    public static boolean answersMetadata(String bootstrap) {
        try (Admin admin = Admin.create(config(bootstrap))) {
            return answersMetadata(admin, Duration.ofSeconds(2));
        }
    }

    /**
     * True once the broker answers a metadata request, asked with an AdminClient that lives across
     * the polls: it reconnects by itself as soon as the broker's port opens, so the answer comes
     * within a poll of the broker being up, instead of after a new client's start (1 s or more
     * in a harness JVM that shares two cores with the starting services).
     */
    public static boolean answersMetadata(Admin admin, Duration timeout) {
        try {
            return !admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Creates the topics (replication factor 1, with their config). One that exists already (a
     * service created it) is kept if it has the declared partitions, and is an error otherwise: the
     * checks would judge a topic other than the one declared.
     */
    public static void createTopics(String bootstrap, List<TopicSpec> declared) {
        try (Admin admin = Admin.create(config(bootstrap))) {
            createTopics(admin, declared);
        }
    }

    /** As {@link #createTopics(String, List)}, with an AdminClient the caller keeps. */
    public static void createTopics(Admin admin, List<TopicSpec> declared) {
        List<NewTopic> topics = new ArrayList<>();
        declared.forEach(t -> topics.add(new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config())));
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new EnvironmentStartException("cannot create topic " + name + ": " + e.getCause(), e);
                }
                requirePartitions(admin, declared.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow());
            } catch (TimeoutException | InterruptedException e) {
                throw new EnvironmentStartException("creating topic " + name + " did not finish in 30 s", e);
            }
        });
    }

    private static void requirePartitions(Admin admin, TopicSpec topic) {
        int partitions;
        try {
            partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic.name()).partitions().size();
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new EnvironmentStartException("topic " + topic.name() + " existed already and cannot be described: " + e, e);
        }
        if (partitions != topic.partitions()) {
            throw new EnvironmentStartException("topic " + topic.name() + " has " + partitions + " partitions, but the system"
                    + " file declares " + topic.partitions() + ": a service created it before the harness did. Declare the"
                    + " partitions the service creates it with, or let the harness create it (kafka.topics)");
        }
    }

    /**
     * Whether the group is stable with at least {@code members} members, each with partitions
     * unless there are fewer partitions than members. At least, not exactly: a frozen member stays
     * in the group until its session times out, and an instance joining is ready all the same.
     */
    public static boolean groupIsStableWith(Admin admin, String group, int members) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group).get(2, TimeUnit.SECONDS);
            long assigned = description.members().stream().mapToLong(m -> m.assignment().topicPartitions().size()).sum();
            long idle = description.members().stream().filter(m -> m.assignment().topicPartitions().isEmpty()).count();
            return description.members().size() >= members
                    && description.groupState().toString().equalsIgnoreCase("stable")
                    && idle <= Math.max(0, description.members().size() - assigned);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
