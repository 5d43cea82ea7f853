package dev.chaosharness.ledger.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Posts each TransferRequested (to the {@code postings} topic under the same Long key, or with the
 * {@code postgres} profile as a row of the {@code postings} table: {@link PostingSink}). With the default
 * profile the container runs each batch in a Kafka transaction that carries the consumed offsets
 * too (Spring Boot's KafkaTransactionManager, from {@code spring.kafka.producer.transaction-id-prefix}),
 * so a transfer is posted exactly once however the group moves (as a row, a transfer delivered
 * again is kept once by the table's unique key). The {@code auto-commit} profile is
 * the defect a team easily ships: no transaction, offsets auto-committed every 5 s, so a member that
 * dies or freezes between commits has its recent transfers posted again by the next owner (in the
 * table too: that profile also drops the table's unique key, see {@link TablePostings}).
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

    private static final Logger log = LoggerFactory.getLogger(PostingListener.class);

    private final PostingSink postings;
    private final ObjectMapper json;
    private final String instance;
    private final RiskClient risk;
    private final boolean dropOnError;

    public PostingListener(PostingSink postings, ObjectMapper json, @Value("${ledger.instance:writer}") String instance,
                           RiskClient risk, @Value("${ledger.defect.drop-on-error:false}") boolean dropOnError) {
        this.postings = postings;
        this.json = json;
        this.instance = instance;
        this.risk = risk;
        this.dropOnError = dropOnError;
    }

    @KafkaListener(topics = "transfers", groupId = "ledger")
    public void post(ConsumerRecord<Long, String> transfer, Consumer<?, ?> consumer) throws Exception {
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
        postings.post(new Posting(transfer.key(), amountCents, allowed ? "POSTED" : "REJECTED", instance,
                consumer.groupMetadata().generationId(), transfer.partition(), transfer.offset(), System.currentTimeMillis()));
    }
}
