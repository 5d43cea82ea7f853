package dev.chaosharness.harness.environment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker settings of every runtime, as Kafka's server properties: one node, and fast-test
 * group settings, so a killed or frozen consumer is noticed within seconds under both group
 * protocols (classic: the client's session.timeout.ms; consumer: the group.consumer ones). The
 * local broker writes them to its server.properties, the container gets them as {@code KAFKA_*}
 * variables ({@link #asContainerEnv()}).
 */
public final class BrokerSettings {

    public static final String HEAP = "-Xms256m -Xmx512m";

    private static final Map<String, String> SETTINGS = settings();

    private BrokerSettings() {
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("auto.create.topics.enable", "false");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "6");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("group.min.session.timeout.ms", "1000");
        settings.put("group.consumer.min.session.timeout.ms", "1000");
        settings.put("group.consumer.session.timeout.ms", "3000");
        settings.put("group.consumer.min.heartbeat.interval.ms", "500");
        settings.put("group.consumer.heartbeat.interval.ms", "500");
        return Map.copyOf(settings);
    }

    /** {@code key=value} lines for a server.properties, in a stable order. */
    public static String asProperties() {
        return String.join(System.lineSeparator(), new java.util.TreeMap<>(SETTINGS).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** The same as the apache/kafka image reads them: {@code group.min.session.timeout.ms} is {@code KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS}. */
    public static Map<String, String> asContainerEnv() {
        Map<String, String> env = new java.util.TreeMap<>();
        SETTINGS.forEach((key, value) -> env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }
}
