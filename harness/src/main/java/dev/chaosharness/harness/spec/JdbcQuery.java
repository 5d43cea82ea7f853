package dev.chaosharness.harness.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Effects read from a database: a SQL query run on a service of the system (a database) after
 * the drain, each row an effect. Its rows are recorded as {@code row-read} events of
 * {@link #source()} and judged as records whose value is the row (column label to value), so the
 * key, id, member and generation of a {@link RecordSelector} or {@link DuplicateSubject} are
 * {@code /<column>}.
 *
 * @param field      where it is declared (e.g. {@code checks.duplicates[0].effects}), for messages
 * @param protocol   the JDBC URL's subprotocol: {@code postgresql} (its driver ships with the harness)
 * @param password   not written to the run's history (its {@code checks-declared} event): judging a
 *                   stored run needs the rows, not the database
 * @param timeColumn the column that says when the effect was made (epoch ms or a timestamp), or empty:
 *                   a duplicate is then not tied to the rebalance before it
 */
public record JdbcQuery(String field, String service, String protocol, String database, String user,
                        @JsonIgnore String password, String query, Optional<String> timeColumn) {

    public JdbcQuery {
        password = password == null ? "" : password; // read back from a history, which does not keep it
    }

    public static final String POSTGRESQL = "postgresql";

    /** e.g. {@code jdbc:postgres/ledger}: what its rows are records of. */
    public String source() {
        return "jdbc:" + service + "/" + database;
    }

    public String url(String hostAndPort) {
        return "jdbc:" + protocol + "://" + hostAndPort + "/" + database;
    }

    /** The columns a check reads, from its pointers ({@code /transfer_id}) and the time column. */
    public static List<String> columns(List<String> pointers, Optional<String> timeColumn) {
        return Stream.concat(pointers.stream().filter(p -> p.startsWith("/")).map(p -> p.substring(1)),
                timeColumn.stream()).distinct().toList();
    }

    @Override
    public String toString() {
        return source() + " (" + query + ")";
    }
}
