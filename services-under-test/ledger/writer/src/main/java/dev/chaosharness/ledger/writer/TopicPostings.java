package dev.chaosharness.ledger.writer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Postings as records of {@code postings} under the transfer's key. In the default profile the send
 * belongs to the listener's Kafka transaction, with the consumed offsets.
 */
@Component
@Profile("!postgres")
public class TopicPostings implements PostingSink {

    private static final long SEND_BOUND_SECONDS = 30;

    private final KafkaTemplate<Long, String> template;
    private final ObjectMapper json;

    public TopicPostings(KafkaTemplate<Long, String> template, ObjectMapper json) {
        this.template = template;
        this.json = json;
    }

    @Override
    public void post(Posting posting) throws Exception {
        String value = json.createObjectNode()
                .put("transferId", posting.transferId())
                .put("amountCents", posting.amountCents())
                .put("writer", posting.writer())
                .put("partition", posting.sourcePartition())
                .put("offset", posting.sourceOffset())
                .put("postedAt", posting.postedAtMs())
                .put("status", posting.status())
                .toString();
        template.send("postings", posting.transferId(), value).get(SEND_BOUND_SECONDS, TimeUnit.SECONDS);
    }
}
