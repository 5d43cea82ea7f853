package dev.chaosharness.ledger.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>With {@code ledger.risk-url} set, each transfer is scored by the risk service first: posted
 * {@code POSTED} when allowed, {@code REJECTED} when not. Risk out of reach is a transient error:
 * the listener throws and the transfer is delivered again until it can be scored.
 *
 * <p>Defect {@code ledger.defect.drop-on-error}: a transfer whose handling failed (risk out of reach)
 * is logged and dropped instead, so it was accepted and is never posted. Without a transaction (the
 * {@code at-least-once} profile) the container then commits past it.
 */
@Component
public class PostingListener {

    private final KafkaTemplate<Long, String> template;
    private final ObjectMapper json;
    private static final Logger log = LoggerFactory.getLogger(PostingListener.class);
    private static final long SEND_BOUND_SECONDS = 30;

    private final String instance;
    private final RiskClient risk;
    private final boolean dropOnError;

    public PostingListener(KafkaTemplate<Long, String> template, ObjectMapper json,
                           @Value("${ledger.instance:writer}") String instance, RiskClient risk,
                           @Value("${ledger.defect.drop-on-error:false}") boolean dropOnError) {
        this.template = template;
        this.json = json;
        this.instance = instance;
        this.risk = risk;
        this.dropOnError = dropOnError;
    }

    @KafkaListener(topics = "transfers", groupId = "ledger")
    public void post(ConsumerRecord<Long, String> transfer) throws Exception {
        JsonNode requested = json.readTree(transfer.value());
        long amountCents = requested.path("amountCents").asLong();
        boolean allowed;
        try {
            allowed = risk.allows(amountCents);
        } catch (IOException e) {
            if (!dropOnError) {
                throw e; // delivered again until risk answers
            }
            log.warn("{}: transfer {} not scored ({}); dropped", instance, transfer.key(), e.toString());
            return;
        }
        ObjectNode posting = json.createObjectNode()
                .put("transferId", transfer.key())
                .put("amountCents", amountCents)
                .put("writer", instance)
                .put("partition", transfer.partition())
                .put("offset", transfer.offset())
                .put("postedAt", System.currentTimeMillis())
                .put("status", allowed ? "POSTED" : "REJECTED");
        template.send("postings", transfer.key(), json.writeValueAsString(posting)).get(SEND_BOUND_SECONDS, TimeUnit.SECONDS);
    }
}
