package dev.chaosharness.shop.payments;

import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One payment per order. Correct (the default): a unique key on order_id and an insert that does
 * nothing on conflict, so an order delivered again finds the payment already made and is paid
 * once. The defect ({@code shop.defect.check-then-insert=true}): no key; in one transaction it
 * looks for a payment, inserts one when there is none and publishes PaymentCompleted before the
 * commit, as if the transaction made that safe (at READ COMMITTED it does not). Two members handling the same order at once (one frozen mid-record
 * while the group gave its partition to the other) both find none, and both pay.
 */
@Service
public class Payments {

    /** Where a payment was made: which member, in which group generation, from which record. */
    public record Made(long orderId, long amountCents, String node, int generation, int sourcePartition, long sourceOffset) {
    }

    private static final Logger log = LoggerFactory.getLogger(Payments.class);
    private static final String COLUMNS = "order_id, amount_cents, node, generation, source_partition, source_offset, paid_at_ms";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final boolean checkThenInsert;

    public Payments(JdbcTemplate jdbc, TransactionTemplate transaction,
                    @Value("${shop.defect.check-then-insert:false}") boolean checkThenInsert) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.checkThenInsert = checkThenInsert;
        log.info("payments: {}", checkThenInsert ? "DEFECT check then insert, no unique key"
                : "unique order_id, insert on conflict do nothing");
    }

    /** Pays the order once (a new payment, or the one already made) and hands its id to {@code completed}. */
    public void pay(Made payment, LongConsumer completed) {
        if (checkThenInsert) {
            transaction.executeWithoutResult(status -> {
                List<Long> existing = paymentOf(payment.orderId());
                completed.accept(existing.isEmpty() ? insert(payment) : existing.get(0));
            });
            return;
        }
        List<Long> inserted = jdbc.queryForList("insert into payments (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (order_id) do nothing returning id", Long.class, values(payment));
        completed.accept(inserted.isEmpty() ? paymentOf(payment.orderId()).get(0) : inserted.get(0));
    }

    private long insert(Made payment) {
        return jdbc.queryForObject("insert into payments (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?) returning id", Long.class, values(payment));
    }

    private List<Long> paymentOf(long orderId) {
        return jdbc.queryForList("select id from payments where order_id = ? order by id limit 1", Long.class, orderId);
    }

    private static Object[] values(Made p) {
        return new Object[] {p.orderId(), p.amountCents(), p.node(), p.generation(), p.sourcePartition(), p.sourceOffset(),
                System.currentTimeMillis()};
    }
}
