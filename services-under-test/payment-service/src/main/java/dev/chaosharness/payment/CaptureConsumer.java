package dev.chaosharness.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The {@code payment-capture} group member: captures each OrderPlaced and publishes PaymentCaptured.
 * Offsets are committed after the captures of a batch are acknowledged, and synchronously when
 * partitions are revoked, so a rebalance does not hand processed records to another member.
 */
@Component
public class CaptureConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CaptureConsumer.class);

    private final PaymentProperties properties;
    private final ObjectMapper mapper;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile KafkaProducer<String, String> producer;
    private volatile Thread thread;
    private volatile boolean running;

    public CaptureConsumer(PaymentProperties properties, ObjectMapper mapper) {
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig());
        producer = new KafkaProducer<>(producerConfig());
        running = true;
        thread = new Thread(this::pollLoop, "capture-consumer");
        thread.start();
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
            consumer.subscribe(List.of(properties.ordersTopic()), new CommitOnRevoke());
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    captureAll(records);
                    consumer.commitSync(new HashMap<>(processed));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (Exception e) {
            log.error("capture consumer {} stopped", properties.instanceId(), e);
        } finally {
            closeQuietly();
        }
    }

    private void captureAll(ConsumerRecords<String, String> records) throws Exception {
        int generation = consumer.groupMetadata().generationId();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            acks.add(producer.send(captured(record, generation)));
            processed.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
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
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
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
        return config;
    }

    /** Commits what this member processed before its partitions move to another member. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = processed.remove(partition);
                if (offset != null) {
                    toCommit.put(partition, offset);
                }
            }
            if (!toCommit.isEmpty()) {
                consumer.commitSync(toCommit);
            }
            log.info("{} revoked {}", properties.instanceId(), partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.info("{} assigned {}", properties.instanceId(), partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(processed::remove);
            log.warn("{} lost {}", properties.instanceId(), partitions);
        }
    }
}
