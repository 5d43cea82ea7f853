package dev.chaosharness.payment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One line per authorization request on the {@code budget} logger in the harness's deadline-line
 * contract, {@code DEADLINE {json}}: the budget received, whether it was granted ({@code done}) and
 * the outcome; and one per void, which undoes a grant ({@code undone}). Read by the harness from the instance's log.
 */
@Component
public class BudgetLog {

    private static final Logger log = LoggerFactory.getLogger("budget");

    private final ObjectMapper mapper;
    private final String instanceId;

    public BudgetLog(ObjectMapper mapper, PaymentProperties properties) {
        this.mapper = mapper;
        this.instanceId = properties.instanceId();
    }

    public void record(String orderId, long receivedMs, String outcome) {
        write(orderId, receivedMs, outcome, "GRANTED".equals(outcome), false);
    }

    /** The caller voided the order's authorization: a grant made for it is undone. */
    public void voided(String orderId, boolean released) {
        write(orderId, -1, released ? "VOIDED" : "VOIDED_BEFORE_GRANT", false, true);
    }

    private void write(String orderId, long receivedMs, String outcome, boolean done, boolean undone) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("atMs", System.currentTimeMillis());
        line.put("instance", instanceId);
        line.put("id", orderId);
        line.put("budgetReceivedMs", receivedMs);
        line.put("budgetSentMs", -1);
        line.put("elapsedBeforeCallMs", -1);
        line.put("done", done);
        line.put("undone", undone);
        line.put("outcome", outcome);
        try {
            log.info("DEADLINE {}", mapper.writeValueAsString(line));
        } catch (Exception e) {
            log.warn("cannot write the budget line of order {}: {}", orderId, e.toString());
        }
    }
}
