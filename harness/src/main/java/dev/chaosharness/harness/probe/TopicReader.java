package dev.chaosharness.harness.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from given offsets (the beginning, or where it stood when a run began) to the end
 * offsets it has now, without joining a group.
 */
public final class TopicReader {

    private TopicReader() {
    }

    public static List<ConsumerRecord<byte[], String>> readAll(String bootstrap, String topic, Duration bound) {
        return readFrom(bootstrap, topic, Map.of(), bound);
    }

    /** From {@code startOffsets} (by partition; a partition not in it from its beginning) to the end. */
    public static List<ConsumerRecord<byte[], String>> readFrom(String bootstrap, String topic, Map<Integer, Long> startOffsets,
                                                              Duration bound) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "harness-topic-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // What a downstream consumer would see: captures of aborted transactions are not there.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, bound)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.stream().filter(p -> startOffsets.containsKey(p.partition()))
                    .forEach(p -> consumer.seek(p, startOffsets.get(p.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, bound);
            List<ConsumerRecord<byte[], String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + bound.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading topic " + topic + " did not reach its end offsets "
                            + end + " within " + bound.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
