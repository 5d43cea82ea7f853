package dev.chaosharness.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One line per order on the {@code budget} logger in the harness's deadline-line contract,
 * {@code DEADLINE {json}}: the budget received, the budget passed to payment, whether the order was
 * placed ({@code done}) and the outcome. The harness reads these from the instance's log, which
 * survives a SIGKILL where an in-memory record would not.
 */
@Component
public class BudgetLog {

    private static final Logger log = LoggerFactory.getLogger("budget");

    private final ObjectMapper mapper;
    private final String instanceId;

    public BudgetLog(ObjectMapper mapper, OrderProperties properties) {
        this.mapper = mapper;
        this.instanceId = properties.instanceId();
    }

    public void record(String orderId, long receivedMs, long sentMs, long elapsedBeforeCallMs, String outcome) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("atMs", System.currentTimeMillis());
        line.put("instance", instanceId);
        line.put("id", orderId);
        line.put("budgetReceivedMs", receivedMs);
        line.put("budgetSentMs", sentMs);
        line.put("elapsedBeforeCallMs", elapsedBeforeCallMs);
        line.put("done", "PLACED".equals(outcome) || "PENDING".equals(outcome));
        line.put("outcome", outcome);
        try {
            log.info("DEADLINE {}", mapper.writeValueAsString(line));
        } catch (Exception e) {
            log.warn("cannot write the budget line of order {}: {}", orderId, e.toString());
        }
    }
}
