package dev.chaosharness.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AuthorizationController {

    static final String BUDGET_HEADER = "X-Request-Timeout-Ms";
    /** No header: the caller set no deadline. */
    private static final long NO_BUDGET = Long.MAX_VALUE / 2_000_000L;
    /** Time kept back for the answer to reach the caller before its deadline. */
    private static final long SAFETY_MARGIN_MS = 50;

    private final ConcurrentMap<String, Authorization> granted = new ConcurrentHashMap<>();
    /** Orders whose caller gave up: voided if granted, refused if their authorization comes later. */
    private final Set<String> voided = ConcurrentHashMap.newKeySet();
    private final PaymentProperties properties;
    private final ObjectMapper mapper;
    private final BudgetLog budgetLog;
    private final MemoryHog memoryHog = new MemoryHog();

    public AuthorizationController(PaymentProperties properties, ObjectMapper mapper, BudgetLog budgetLog) {
        this.properties = properties;
        this.mapper = mapper;
        this.budgetLog = budgetLog;
    }

    @PostMapping("/payments/authorize")
    public ResponseEntity<Map<String, Object>> authorize(
            @RequestBody(required = false) String body,
            @RequestHeader(value = BUDGET_HEADER, required = false) String budgetHeader) throws InterruptedException {
        long startNanos = System.nanoTime();
        long budgetMs = budgetHeader == null ? NO_BUDGET : parseBudget(budgetHeader);
        JsonNode request;
        try {
            request = mapper.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return status(HttpStatus.BAD_REQUEST, "malformed JSON: " + e.getMessage());
        }
        if (request == null || !request.path("orderId").isTextual() || !request.path("amountCents").canConvertToLong()) {
            return status(HttpStatus.BAD_REQUEST, "orderId and amountCents are required");
        }
        String orderId = request.get("orderId").asText();
        long reportedBudget = budgetMs == NO_BUDGET ? -1 : budgetMs;
        if (properties.defect().ignoreBudget()) {
            budgetMs = NO_BUDGET;
        }
        if (properties.defect().gcHog()) {
            memoryHog.retain();
        }
        if (voided.contains(orderId)) {
            // the caller gave up and voided it before this request was read (e.g. while frozen)
            budgetLog.record(orderId, reportedBudget, "REFUSED_VOIDED");
            return status(HttpStatus.GATEWAY_TIMEOUT, "voided by the caller before authorization");
        }
        if (budgetMs <= 0) {
            budgetLog.record(orderId, reportedBudget, "REFUSED_SPENT");
            return status(HttpStatus.GATEWAY_TIMEOUT, "budget spent before the request arrived");
        }
        // Work stops at the caller's deadline (less the margin for the answer): past it nobody waits.
        long leftMs = budgetMs - SAFETY_MARGIN_MS - (System.nanoTime() - startNanos) / 1_000_000L;
        Thread.sleep(Math.max(0, Math.min(serviceTimeMs(), leftMs)));
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000L;
        if (elapsedMs >= budgetMs - SAFETY_MARGIN_MS) {
            // The caller gives up at its deadline: granting now would charge for an order it saw fail.
            budgetLog.record(orderId, reportedBudget, "REFUSED_LATE");
            return status(HttpStatus.GATEWAY_TIMEOUT, "budget spent during authorization");
        }
        long amountCents = request.get("amountCents").asLong();
        if (amountCents > properties.declineAboveCents()) {
            budgetLog.record(orderId, reportedBudget, "DECLINED");
            return status(HttpStatus.PAYMENT_REQUIRED, "declined");
        }
        synchronized (voided) {
            if (voided.contains(orderId)) {
                budgetLog.record(orderId, reportedBudget, "REFUSED_VOIDED");
                return status(HttpStatus.GATEWAY_TIMEOUT, "voided by the caller during authorization");
            }
            budgetLog.record(orderId, reportedBudget, "GRANTED");
            granted.put(orderId, new Authorization(orderId, amountCents, budgetMs, properties.instanceId(), Instant.now()));
        }
        return ResponseEntity.ok(Map.of("orderId", orderId, "status", "AUTHORIZED", "instanceId", properties.instanceId()));
    }

    /**
     * The caller will not use this order's authorization (it gave up on it): release the grant, or
     * refuse it if it has not been made yet. Idempotent: a retried void answers the same.
     */
    @PostMapping("/payments/{orderId}/void")
    public ResponseEntity<Map<String, Object>> voidAuthorization(@PathVariable("orderId") String orderId) {
        boolean released;
        synchronized (voided) {
            if (!voided.add(orderId)) {
                return ResponseEntity.ok(Map.of("orderId", orderId, "status", "VOIDED"));
            }
            released = granted.remove(orderId) != null;
        }
        budgetLog.voided(orderId, released);
        return ResponseEntity.ok(Map.of("orderId", orderId, "status", "VOIDED"));
    }

    /** Every authorization this instance granted; read by the harness's probes. */
    @GetMapping("/payments/authorizations")
    public List<Authorization> authorizations() {
        return new ArrayList<>(granted.values());
    }

    private long serviceTimeMs() {
        long jitter = properties.serviceJitterMs();
        long offset = jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        return Math.max(0, properties.serviceTimeMs() + offset);
    }

    private static long parseBudget(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ResponseEntity<Map<String, Object>> status(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", status.name(), "reason", reason));
    }
}
