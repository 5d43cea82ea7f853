package dev.chaosharness.ledger.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Posts each TransferRequested to {@code postings} under the same Long key. With the default
 * profile the container runs each batch in a Kafka transaction that carries the consumed offsets
 * too (Spring Boot's KafkaTransactionManager, from {@code spring.kafka.producer.transaction-id-prefix}),
 * so a transfer is posted exactly once however the group moves. The {@code auto-commit} profile is
 * the defect a team easily ships: no transaction, offsets auto-committed every 5 s, so a member that
 * dies or freezes between commits has its recent transfers posted again by the next owner.
 */
@Component
public class PostingListener {

    private final KafkaTemplate<Long, String> template;
    private final ObjectMapper json;
    private final String instance;

    public PostingListener(KafkaTemplate<Long, String> template, ObjectMapper json,
                           @Value("${ledger.instance:writer}") String instance) {
        this.template = template;
        this.json = json;
        this.instance = instance;
    }

    @KafkaListener(topics = "transfers", groupId = "ledger")
    public void post(ConsumerRecord<Long, String> transfer) throws Exception {
        JsonNode requested = json.readTree(transfer.value());
        ObjectNode posting = json.createObjectNode()
                .put("transferId", transfer.key())
                .put("amountCents", requested.path("amountCents").asLong())
                .put("writer", instance)
                .put("partition", transfer.partition())
                .put("offset", transfer.offset())
                .put("postedAt", System.currentTimeMillis());
        template.send("postings", transfer.key(), json.writeValueAsString(posting)).get();
    }
}
