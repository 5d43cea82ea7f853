package dev.chaosharness.ledger.writer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Defect {@code ledger.defect.leak-on-retry}: a transfer whose posting failed (the database out
 * of reach) is posted again, once it can be, through a connection of its own that the writer
 * opens outside its pool and never closes: after a fault on the database link, connections pile
 * up in the database's process list.
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
    private final LeakOnRetry leakOnRetry;

    public TablePostings(JdbcTemplate jdbc, @Value("${ledger.postings.idempotent:true}") boolean idempotent,
                         LeakOnRetry leakOnRetry) throws InterruptedException {
        this.jdbc = jdbc;
        this.idempotent = idempotent;
        this.leakOnRetry = leakOnRetry;
        this.insert = "insert into postings (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)"
                + (idempotent ? " on conflict (transfer_id) do nothing" : "");
        createTable();
    }

    @Override
    public void post(Posting p) {
        if (leakOnRetry.failedBefore(p.transferId())) {
            leakOnRetry.post(insert, p);
            return;
        }
        try {
            jdbc.update(insert, p.transferId(), p.amountCents(), p.status(), p.writer(), p.generation(),
                    p.sourcePartition(), p.sourceOffset(), p.postedAtMs());
        } catch (DataAccessException e) {
            leakOnRetry.failed(p.transferId());
            throw e;
        }
    }

    /** The leak-on-retry defect; off (the default), it does nothing. */
    @Component
    @Profile("postgres")
    static class LeakOnRetry {

        private final boolean enabled;
        private final String url;
        private final String user;
        private final String password;
        private final Set<Long> failed = ConcurrentHashMap.newKeySet();

        LeakOnRetry(@Value("${ledger.defect.leak-on-retry:false}") boolean enabled,
                    @Value("${spring.datasource.url}") String url, @Value("${spring.datasource.username}") String user,
                    @Value("${spring.datasource.password}") String password) {
            this.enabled = enabled;
            this.url = url;
            this.user = user;
            this.password = password;
        }

        void failed(long transferId) {
            if (enabled) {
                failed.add(transferId);
            }
        }

        boolean failedBefore(long transferId) {
            return enabled && failed.contains(transferId);
        }

        /** The defect: a connection of its own for the retry, never closed. */
        void post(String insert, Posting p) {
            try {
                Connection own = DriverManager.getConnection(url, user, password);
                try (PreparedStatement statement = own.prepareStatement(insert)) {
                    statement.setLong(1, p.transferId());
                    statement.setLong(2, p.amountCents());
                    statement.setString(3, p.status());
                    statement.setString(4, p.writer());
                    statement.setInt(5, p.generation());
                    statement.setInt(6, p.sourcePartition());
                    statement.setLong(7, p.sourceOffset());
                    statement.setLong(8, p.postedAtMs());
                    statement.executeUpdate();
                }
                failed.remove(p.transferId());
                log.warn("transfer {} posted on a connection of its own after a failure", p.transferId());
            } catch (SQLException e) {
                throw new org.springframework.dao.RecoverableDataAccessException("retry of transfer " + p.transferId()
                        + " failed: " + e.getMessage(), e);
            }
        }
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
