package dev.chaosharness.shop.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Lazy;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Each PaymentCompleted marks its order PAID (idempotent: payments are published at least once). */
@Component
@Lazy(false)
public class PaymentCompletedListener {

    private final Orders orders;
    private final ObjectMapper json;

    public PaymentCompletedListener(Orders orders, ObjectMapper json) {
        this.orders = orders;
        this.json = json;
    }

    @KafkaListener(topics = "${shop.topics.payments:payments}", groupId = "${spring.kafka.consumer.group-id}")
    public void completed(ConsumerRecord<Long, String> record) throws Exception {
        JsonNode payment = json.readTree(record.value());
        orders.markPaid(payment.path("orderId").asLong(), payment.path("paymentId").asLong());
    }
}
