package dev.chaosharness.shop.payments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Pays each OrderPlaced ({@link Payments}) and publishes PaymentCompleted, awaited before the
 * offset is committed: an order delivered again (a rebalance, the outbox's at-least-once) is
 * answered again with the payment already made, so its order completes.
 */
@Component
@Lazy(false)
public class OrderPlacedListener {

    private final Payments payments;
    private final KafkaTemplate<Long, String> kafka;
    private final ObjectMapper json;
    private final String paymentsTopic;
    private final String node;

    public OrderPlacedListener(Payments payments, KafkaTemplate<Long, String> kafka, ObjectMapper json,
                               @Value("${shop.topics.payments:payments}") String paymentsTopic,
                               @Value("${shop.node:payments}") String node) {
        this.payments = payments;
        this.kafka = kafka;
        this.json = json;
        this.paymentsTopic = paymentsTopic;
        this.node = node;
    }

    @KafkaListener(topics = "${shop.topics.orders:orders}", groupId = "${spring.kafka.consumer.group-id}")
    public void pay(ConsumerRecord<Long, String> record, Consumer<?, ?> consumer) throws Exception {
        JsonNode placed = json.readTree(record.value());
        long orderId = placed.path("orderId").asLong();
        long amountCents = placed.path("amountCents").asLong();
        payments.pay(new Payments.Made(orderId, amountCents, node, consumer.groupMetadata().generationId(),
                record.partition(), record.offset()), paymentId -> publish(orderId, paymentId, amountCents));
    }

    private void publish(long orderId, long paymentId, long amountCents) {
        try {
            String completed = json.writeValueAsString(Map.of("type", "PaymentCompleted", "orderId", orderId,
                    "paymentId", paymentId, "amountCents", amountCents));
            kafka.send(paymentsTopic, orderId, completed).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing PaymentCompleted " + orderId, e);
        } catch (Exception e) {
            throw new IllegalStateException("PaymentCompleted " + orderId + " not published: " + e, e);
        }
    }
}
