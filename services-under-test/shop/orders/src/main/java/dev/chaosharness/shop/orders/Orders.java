package dev.chaosharness.shop.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders and marks them paid. Correct (the default): the order row and its OrderPlaced, as
 * an outbox row, are written in one database transaction; {@link OutboxRelay} publishes it, at
 * least once. The defect ({@code shop.defect.dual-write=true}) is the dual write a team easily
 * ships: the row is committed, the client answered, and the OrderPlaced published after the commit
 * in the background (an after-commit event, as {@code @TransactionalEventListener} + {@code @Async}
 * do). While the broker is out of reach the messages wait in the process's memory (the publishing
 * thread's queue, the producer's buffer); a process killed then loses them, and their orders stay
 * PENDING for ever.
 */
@Service
public class Orders {

    static final String PENDING = "PENDING";
    static final String PAID = "PAID";

    private static final Logger log = LoggerFactory.getLogger(Orders.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final KafkaTemplate<Long, String> kafka;
    private final ObjectMapper json;
    private final String ordersTopic;
    private final boolean dualWrite;
    private final ExecutorService afterCommit = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "order-events");
        thread.setDaemon(true);
        return thread;
    });

    public Orders(JdbcTemplate jdbc, TransactionTemplate transaction, KafkaTemplate<Long, String> kafka, ObjectMapper json,
                  @Value("${shop.topics.orders:orders}") String ordersTopic,
                  @Value("${shop.defect.dual-write:false}") boolean dualWrite) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.kafka = kafka;
        this.json = json;
        this.ordersTopic = ordersTopic;
        this.dualWrite = dualWrite;
        log.info("orders: {}", dualWrite ? "DEFECT dual write (row committed, then a send nobody waits for)"
                : "transactional outbox");
    }

    /** Stores a PENDING order and its OrderPlaced; returns the order's id. */
    public long place(String item, long amountCents) {
        if (dualWrite) {
            long orderId = insertOrder(item, amountCents);
            String event = orderPlaced(orderId, item, amountCents);
            afterCommit.execute(() -> kafka.send(ordersTopic, orderId, event).whenComplete((sent, error) -> {
                if (error != null) {
                    log.warn("OrderPlaced {} not sent: {}", orderId, error.toString());
                }
            }));
            return orderId;
        }
        return transaction.execute(status -> {
            long orderId = insertOrder(item, amountCents);
            jdbc.update("insert into outbox (order_id, topic, payload, created_at_ms) values (?, ?, ?, ?)",
                    orderId, ordersTopic, orderPlaced(orderId, item, amountCents), System.currentTimeMillis());
            return orderId;
        });
    }

    /** PENDING to PAID; a PaymentCompleted delivered again changes nothing. */
    public void markPaid(long orderId, long paymentId) {
        int updated = jdbc.update("update orders set status = ?, payment_id = ?, paid_at_ms = ? where id = ? and status = ?",
                PAID, paymentId, System.currentTimeMillis(), orderId, PENDING);
        if (updated == 0) {
            log.debug("order {} already paid or unknown", orderId);
        }
    }

    public Optional<Map<String, Object>> find(long orderId) {
        return jdbc.queryForList("select id, item, amount_cents, status, payment_id from orders where id = ?", orderId)
                .stream().findFirst();
    }

    private long insertOrder(String item, long amountCents) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "insert into orders (item, amount_cents, status, created_at_ms) values (?, ?, ?, ?)", new String[] {"id"});
            insert.setString(1, item);
            insert.setLong(2, amountCents);
            insert.setString(3, PENDING);
            insert.setLong(4, System.currentTimeMillis());
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    private String orderPlaced(long orderId, String item, long amountCents) {
        try {
            return json.writeValueAsString(Map.of("type", "OrderPlaced", "orderId", orderId, "item", item,
                    "amountCents", amountCents));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
