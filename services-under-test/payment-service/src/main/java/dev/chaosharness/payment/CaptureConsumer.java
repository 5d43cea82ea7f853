package dev.chaosharness.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The {@code payment-capture} group member: captures each OrderPlaced and publishes PaymentCaptured.
 * <p>
 * Correct (the default): each polled batch is captured in one Kafka transaction that also commits
 * the batch's offsets, tied to the consumer's group generation. A member that was killed, or frozen
 * and fenced by a rebalance, cannot commit: its captures are aborted and never seen by
 * read_committed readers, and the new owner starts from the last committed offsets.
 * <p>
 * Defect {@code payment.defect.naive-commit}: auto-commit every 5 s, no commit on revoke, a plain
 * producer: records processed since the last auto-commit are captured again by the next owner.
 */
@Component
public class CaptureConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaptureConsumer.class);

    private final PaymentProperties properties;
    private final ObjectMapper mapper;
    private final boolean naive;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile KafkaProducer<String, String> producer;
    private volatile Thread thread;
    private volatile boolean running;

    public CaptureConsumer(PaymentProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
        this.naive = properties.defect().naiveCommit();
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig());
        producer = new KafkaProducer<>(producerConfig());
        running = true;
        thread = new Thread(this::pollLoop, "capture-consumer");
        thread.start();
        log.info("{} capture consumer started ({})", properties.instanceId(),
                naive ? "DEFECT naive-commit: auto-commit, no commit on revoke" : "transactional capture");
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            Thread t = thread;
            if (t != null) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pollLoop() {
        try {
            if (!naive) {
                producer.initTransactions();
            }
            consumer.subscribe(List.of(properties.ordersTopic()), new RebalanceLog());
            while (running) {
                try {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        if (naive) {
                            captureNaively(records);
                        } else {
                            captureInTransaction(records);
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // A broker pause or a rebalance mid-commit: a member that gives up here leaves
                    // its partitions unprocessed. Log, and poll again (the group sorts out ownership).
                    log.warn("{} capture loop: {}; continuing", properties.instanceId(), e.toString());
                    Thread.sleep(200);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("capture consumer {} woken up while running", properties.instanceId(), e);
            }
        } catch (Exception e) {
            log.error("capture consumer {} stopped", properties.instanceId(), e);
        } finally {
            closeQuietly();
        }
    }

    private void captureNaively(ConsumerRecords<String, String> records) throws IOException {
        int generation = consumer.groupMetadata().generationId();
        for (ConsumerRecord<String, String> record : records) {
            producer.send(captured(record, generation));
        }
        producer.flush();
    }

    private void captureInTransaction(ConsumerRecords<String, String> records) throws IOException {
        int generation = consumer.groupMetadata().generationId();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        producer.beginTransaction();
        try {
            for (ConsumerRecord<String, String> record : records) {
                producer.send(captured(record, generation));
                offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException e) {
            // Fenced by a rebalance (stale generation) or a broker error: nothing of this batch is
            // visible; start again from what the group committed.
            log.warn("{} aborting a capture batch of {} records: {}", properties.instanceId(), records.count(), e.toString());
            abortOrReplaceProducer(e);
            rewindToCommitted();
        }
    }

    private void abortOrReplaceProducer(KafkaException cause) {
        if (!(cause instanceof ProducerFencedException)) {
            try {
                producer.abortTransaction();
                return;
            } catch (KafkaException abortFailed) {
                log.warn("{} cannot abort ({}); starting a new transactional producer", properties.instanceId(),
                        abortFailed.toString());
            }
        }
        producer.close(Duration.ZERO);
        producer = new KafkaProducer<>(producerConfig());
        producer.initTransactions();
    }

    private void rewindToCommitted() {
        var assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private ProducerRecord<String, String> captured(ConsumerRecord<String, String> record, int generation)
            throws IOException {
        JsonNode order = mapper.readTree(record.value());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", order.path("eventId").asText());
        event.put("orderId", order.path("orderId").asText());
        event.put("instanceId", properties.instanceId());
        event.put("partition", record.partition());
        event.put("offset", record.offset());
        event.put("generation", generation);
        event.put("capturedAt", Instant.now().toString());
        return new ProducerRecord<>(properties.paymentsTopic(), record.key(), mapper.writeValueAsString(event));
    }

    private void closeQuietly() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Properties consumerConfig() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, properties.instanceId());
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, properties.groupProtocol());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, naive);
        if (naive) {
            config.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 5000);
        }
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        if ("classic".equalsIgnoreCase(properties.groupProtocol())) {
            // Under the consumer protocol these bounds are the broker's (group.consumer.*).
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 3000);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        }
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 30_000);
        return config;
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, properties.instanceId() + "-captures");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        if (!naive) {
            // Stable per instance, so a restarted instance fences the transactions of its previous life.
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, properties.consumerGroup() + "-" + properties.instanceId());
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        }
        return config;
    }

    /** Logs the group's decisions; offsets need no commit here (each batch committed its own). */
    private final class RebalanceLog implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            log.info("{} revoked {}", properties.instanceId(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("{} assigned {}", properties.instanceId(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            log.warn("{} lost {}", properties.instanceId(), partitions);
        }
    }
}
