package dev.chaosharness.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Publishes {@code OrderPlaced} events, keyed by orderId, with an idempotent producer and acks=all. */
@Component
public class OrderPublisher implements DisposableBean {

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper mapper;
    private final String topic;

    public OrderPublisher(OrderProperties properties, ObjectMapper mapper) {
        this.mapper = mapper;
        this.topic = properties.ordersTopic();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafkaBootstrap());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, properties.instanceId());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        this.producer = new KafkaProducer<>(config);
    }

    /** Sends; completes when the broker acknowledged the record, or exceptionally when it will not. */
    public CompletableFuture<Void> publish(Order order) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, order.orderId(), event(order));
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (KafkaException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private String event(Order order) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("orderId", order.orderId());
        event.put("customerId", order.customerId());
        event.put("amountCents", order.amountCents());
        event.put("createdAt", order.createdAt().toString());
        try {
            return mapper.writeValueAsString(event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise OrderPlaced for " + order.orderId(), e);
        }
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
