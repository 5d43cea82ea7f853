package dev.chaosharness.ledger.writer;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Postings as rows of the PostgreSQL table {@code postings} (profile {@code postgres}). Correct
 * ({@code ledger.postings.idempotent=true}, the default): the table has a unique key on
 * {@code transfer_id} and the insert does nothing on conflict, so a transfer delivered again after
 * a rebalance is posted once. The defect ({@code false}, set by the {@code auto-commit} profile): no
 * key and a plain insert, so every delivery is a row.
 *
 * <p>The table is created at startup, before the listener starts, under an advisory lock (three
 * writers start at once); the database may come up after the writer, so that is retried for up
 * to {@link #SCHEMA_BOUND}.
 */
@Component
@Profile("postgres")
public class TablePostings implements PostingSink {

    private static final Logger log = LoggerFactory.getLogger(TablePostings.class);
    private static final Duration SCHEMA_BOUND = Duration.ofSeconds(120);
    private static final long SCHEMA_LOCK = 0x1ed9e7L;
    private static final String COLUMNS = "transfer_id, amount_cents, status, writer, generation, source_partition,"
            + " source_offset, posted_at_ms";

    private final JdbcTemplate jdbc;
    private final boolean idempotent;
    private final String insert;

    public TablePostings(JdbcTemplate jdbc, @Value("${ledger.postings.idempotent:true}") boolean idempotent)
            throws InterruptedException {
        this.jdbc = jdbc;
        this.idempotent = idempotent;
        this.insert = "insert into postings (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)"
                + (idempotent ? " on conflict (transfer_id) do nothing" : "");
        createTable();
    }

    @Override
    public void post(Posting p) {
        jdbc.update(insert, p.transferId(), p.amountCents(), p.status(), p.writer(), p.generation(),
                p.sourcePartition(), p.sourceOffset(), p.postedAtMs());
    }

    private void createTable() throws InterruptedException {
        long deadline = System.nanoTime() + SCHEMA_BOUND.toNanos();
        while (true) {
            try {
                jdbc.execute((ConnectionCallback<Void>) this::createTable);
                log.info("postings table ready ({})", idempotent ? "unique transfer_id, insert on conflict do nothing"
                        : "no key, plain insert");
                return;
            } catch (DataAccessException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("database not reachable yet ({}); retrying", e.getMostSpecificCause().toString());
                Thread.sleep(500);
            }
        }
    }

    private Void createTable(Connection connection) throws java.sql.SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("select pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            statement.execute("create table if not exists postings (id bigserial primary key, transfer_id bigint not null,"
                    + " amount_cents bigint not null, status text not null, writer text not null, generation int not null,"
                    + " source_partition int not null, source_offset bigint not null, posted_at_ms bigint not null)");
            if (idempotent) {
                statement.execute("create unique index if not exists postings_transfer_id on postings (transfer_id)");
            }
            connection.commit();
        } catch (java.sql.SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        return null;
    }
}
