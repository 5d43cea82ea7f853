package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.spec.ConnectionSubject;
import dev.chaosharness.harness.system.Launch;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * The database's own count of its sessions, for each database of a PostgreSQL service that a link of
 * {@code checks.connections} calls: just before the load and once the faults are rolled back and
 * the groups drained (ConnectionLeakCheck compares them). Read straight from the server
 * ({@code pg_stat_activity}, as the database's owner, not through the fault proxy), leaving out its
 * own session. A connection a service leaked stays a session however the proxy sees it.
 */
public final class DatabaseSessionsProbe implements Probe {

    public static final String SOURCE = "database-sessions";
    private static final String QUERY = "select count(*), count(*) filter (where state = 'idle in transaction')"
            + " from pg_stat_activity where datname = ? and pid <> pg_backend_pid() and backend_type = 'client backend'";

    private final ProbeContext run;

    public DatabaseSessionsProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void startWatching() {
        count();
    }

    @Override
    public void stopWatching() {
        count();
    }

    private void count() {
        for (String service : databaseServices()) {
            Launch.Postgres postgres = (Launch.Postgres) run.environment().system().service(service).launch();
            for (Launch.Database database : postgres.databases()) {
                try {
                    run.history().append(sessions(service, database));
                } catch (SQLException | RuntimeException e) {
                    run.history().append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), SOURCE, service,
                            "cannot count the sessions of database " + database.name() + ": " + e.getMessage()));
                }
            }
        }
    }

    private List<String> databaseServices() {
        return run.checks().connections().stream().map(ConnectionSubject::callee).distinct()
                .filter(callee -> run.environment().system().service(callee).launch() instanceof Launch.Postgres).toList();
    }

    private HistoryEvent.DatabaseSessions sessions(String service, Launch.Database database) throws SQLException {
        URI address = run.environment().serviceUri(service);
        Properties login = new Properties();
        login.setProperty("user", database.owner());
        login.setProperty("password", database.password());
        login.setProperty("connectTimeout", "10");
        login.setProperty("socketTimeout", "30");
        String url = "jdbc:postgresql://" + address.getHost() + ":" + address.getPort() + "/" + database.name();
        try (Connection connection = DriverManager.getConnection(url, login);
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, database.name());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new HistoryEvent.DatabaseSessions(System.currentTimeMillis(), service, database.name(), row.getLong(1),
                        row.getLong(2));
            }
        }
    }
}
