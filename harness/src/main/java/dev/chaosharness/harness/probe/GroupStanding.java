package dev.chaosharness.harness.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a consumer group stands, read with the AdminClient: its state, and its lag on each topic it
 * consumes (the topics it has committed to or has partitions of): every partition's end offset minus
 * its committed one, or minus its log start where the group never committed (records it never read).
 *
 * @param lagByTopic the lag on each of its topics; empty when it has none yet
 */
record GroupStanding(String group, String state, Map<String, Long> lagByTopic) {

    static final String STABLE = GroupState.STABLE.toString();

    /** Drained: nothing left to consume on any of its topics, and Stable (no rebalance in progress, a member present). */
    boolean drained() {
        return state.equals(STABLE) && !lagByTopic.isEmpty() && lag() == 0;
    }

    long lag() {
        return lagByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    String topics() {
        return String.join(",", lagByTopic.keySet());
    }

    /** e.g. {@code lag 248 on events, PreparingRebalance}. */
    String detail() {
        if (lagByTopic.isEmpty()) {
            return "no topic consumed nor committed to, " + state;
        }
        List<String> lags = new ArrayList<>();
        lagByTopic.forEach((topic, lag) -> lags.add(lag + " on " + topic));
        return "lag " + String.join(", ", lags) + ", " + state;
    }

    static GroupStanding read(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Set<String> topics = new HashSet<>();
        committed.keySet().forEach(p -> topics.add(p.topic()));
        description.members().forEach(m -> m.assignment().topicPartitions().forEach(p -> topics.add(p.topic())));
        Map<String, Long> lagByTopic = new TreeMap<>();
        if (!topics.isEmpty()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((topic, described) ->
                    described.partitions().forEach(p -> {
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                        earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                    }));
            var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
            ends.forEach((partition, end) -> {
                OffsetAndMetadata done = committed.get(partition);
                long from = done == null ? starts.get(partition).offset() : done.offset();
                lagByTopic.merge(partition.topic(), Math.max(0, end.offset() - from), Long::sum);
            });
        }
        return new GroupStanding(group, description.groupState().toString(), lagByTopic);
    }
}
