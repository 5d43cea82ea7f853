package dev.chaosharness.harness.probe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosharness.harness.spec.JdbcQuery;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Effects that are rows of a database: the query a check declares ({@link JdbcQuery}), run with the
 * database's own JDBC driver on the service's first instance, straight (not through the fault
 * proxy: the probe must not be faulted). Before the load it checks that the query runs and has the
 * columns the check reads; after the drain it reads the rows as often as a poll needs
 * ({@link FinalRowsPoll}), then records every row as a {@code row-read} event.
 */
public final class JdbcRowReader {

    /** A table its service creates at startup may not be there the moment the service counts as ready. */
    private static final Duration VERIFY_BOUND = Duration.ofSeconds(10);
    private static final int FETCH_SIZE = 1000;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final int SOCKET_TIMEOUT_SECONDS = 120;

    private final JdbcQuery query;
    private final String url;

    /** @param hostAndPort the database instance as reachable from the harness */
    public JdbcRowReader(JdbcQuery query, String hostAndPort) {
        this.query = query;
        this.url = query.url(hostAndPort);
    }

    /**
     * Runs the query as a subquery that returns no row, until it answers (within {@link #VERIFY_BOUND}),
     * and returns its columns; throws, naming the field, when it does not run or lacks one of {@code needed}.
     */
    public List<String> verifyColumns(List<String> needed) {
        long deadline = System.nanoTime() + VERIFY_BOUND.toNanos();
        while (true) {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select * from (" + query.query() + ") as effects where false")) {
                List<String> columns = columns(rows.getMetaData());
                List<String> missing = needed.stream().filter(c -> !columns.contains(c)).toList();
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(query.field() + ": the query's columns are " + columns + "; "
                            + missing + (missing.size() == 1 ? " is" : " are") + " not among them (" + query + ")");
                }
                return columns;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(query.field() + ": the query does not run on " + url + " as "
                            + query.user() + ": " + e.getMessage(), e);
                }
                sleep();
            }
        }
    }

    /** Every row, in the query's order, each as a JSON object (column label to value): what a poll reads. */
    void forEachRow(java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> each) throws SQLException {
        streamRows((value, timestampMs) -> each.accept(value));
    }

    /** Every row, in the query's order, as a {@code row-read} event; the count. */
    public int record(RunHistory history) {
        int[] count = {0};
        try {
            streamRows((value, timestampMs) -> history.append(new HistoryEvent.RowRead(System.currentTimeMillis(),
                    query.source(), ++count[0], timestampMs, value)));
        } catch (SQLException e) {
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "jdbc", query.service(),
                    query.field() + ": the query failed after " + count[0] + " rows: " + e.getMessage()));
        }
        return count[0];
    }

    private interface RowSink {
        void row(ObjectNode value, long timestampMs);
    }

    /** Streams the query's rows: each as a JSON object, with its time column's epoch ms (-1 without one). */
    private void streamRows(RowSink sink) throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false); // PostgreSQL streams the rows with a fetch size only inside a transaction
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery(query.query())) {
                    List<String> columns = columns(rows.getMetaData());
                    int timeAt = query.timeColumn().map(columns::indexOf).orElse(-1);
                    while (rows.next()) {
                        ObjectNode value = JsonNodeFactory.instance.objectNode();
                        long timestampMs = -1;
                        for (int i = 0; i < columns.size(); i++) {
                            Object cell = rows.getObject(i + 1);
                            put(value, columns.get(i), cell);
                            if (i == timeAt) {
                                timestampMs = epochMs(cell);
                            }
                        }
                        sink.row(value, timestampMs);
                    }
                }
            }
            connection.rollback();
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", query.user());
        properties.setProperty("password", query.password());
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "chaos-harness");
        return DriverManager.getConnection(url, properties);
    }

    private static List<String> columns(ResultSetMetaData meta) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return columns;
    }

    private static void put(ObjectNode row, String column, Object cell) {
        if (cell == null) {
            row.putNull(column);
        } else if (cell instanceof Integer || cell instanceof Short) {
            row.put(column, ((Number) cell).intValue());
        } else if (cell instanceof Long l) {
            row.put(column, l);
        } else if (cell instanceof BigDecimal d) {
            row.put(column, d);
        } else if (cell instanceof Double || cell instanceof Float) {
            row.put(column, ((Number) cell).doubleValue());
        } else if (cell instanceof Boolean b) {
            row.put(column, b);
        } else if (cell instanceof Timestamp t) {
            row.put(column, t.toInstant().toString());
        } else {
            row.put(column, cell.toString());
        }
    }

    /** A time column's value as epoch milliseconds: a number is taken as such, a timestamp converted; -1 otherwise. */
    private static long epochMs(Object cell) {
        if (cell instanceof Number n) {
            return n.longValue();
        }
        if (cell instanceof Timestamp t) {
            return t.getTime();
        }
        if (cell instanceof OffsetDateTime t) {
            return t.toInstant().toEpochMilli();
        }
        return -1;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the effects query", e);
        }
    }
}
