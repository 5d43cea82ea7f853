package dev.chaosharness.shop.orders;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox: every 200 ms, the unsent rows (locked, so that two instances do not take
 * the same ones) are sent and awaited, then marked sent in the same transaction. A send that fails
 * or a process that dies leaves them unsent, to be sent again: at least once, so the consumers must
 * be idempotent. Nothing to do with {@code shop.defect.dual-write} (it writes no outbox).
 */
@Component
@Lazy(false)
public class OutboxRelay {

    private record Unsent(long id, long orderId, String topic, String payload) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<Long, String> kafka;
    private final long sendTimeoutMs;
    private String lastFailure = "";

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaTemplate<Long, String> kafka,
                       @Value("${shop.outbox.send-timeout-ms:10000}") long sendTimeoutMs) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.sendTimeoutMs = sendTimeoutMs;
    }

    @Scheduled(fixedDelayString = "${shop.outbox.poll-ms:200}")
    public void publish() {
        try {
            Integer sent = transaction.execute(status -> publishBatch());
            if (sent != null && sent > 0 && !lastFailure.isEmpty()) {
                log.info("outbox: publishing again ({} sent)", sent);
                lastFailure = "";
            }
        } catch (RuntimeException e) {
            String failure = e.getClass().getSimpleName();
            if (!failure.equals(lastFailure)) { // one line per kind of failure, not one per tick
                log.warn("outbox: not published, will retry: {}", e.toString());
                lastFailure = failure;
            }
        }
    }

    private int publishBatch() {
        List<Unsent> rows = jdbc.query("select id, order_id, topic, payload from outbox where sent_at_ms is null"
                        + " order by id limit " + BATCH + " for update skip locked",
                (rs, n) -> new Unsent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = rows.stream()
                .<CompletableFuture<?>>map(row -> kafka.send(row.topic(), row.orderId(), row.payload())).toList();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(sendTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("outbox batch of " + rows.size() + " not acknowledged: " + e, e);
        }
        long now = System.currentTimeMillis();
        jdbc.batchUpdate("update outbox set sent_at_ms = ? where id = ?",
                rows.stream().map(row -> new Object[] {now, row.id()}).toList());
        return rows.size();
    }
}
