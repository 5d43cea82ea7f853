package dev.chaosharness.harness.environment.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaosharness.harness.environment.FreePorts;
import dev.chaosharness.harness.environment.ReadyCheck;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's real PostgreSQL (under /usr/lib/postgresql), started as the local runtime starts a postgres service. */
class LocalPostgresTest {

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void twoDatabasesWithTheirOwnersAndInitSqlSurviveASigkillOnTheSameData() throws Exception {
        Path bin = PostgresBinaries.find(PostgresBinaries.DEBIAN_ROOT).orElse(null);
        assumeTrue(bin != null, "PostgreSQL is not installed: " + PostgresBinaries.INSTALL);
        Path init = Files.writeString(dir.resolve("orders-init.sql"), """
                CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);
                ALTER TABLE orders OWNER TO orders;
                INSERT INTO orders VALUES (1, 'NEW');
                CREATE FUNCTION answer() RETURNS int AS $$ BEGIN RETURN 42; END $$ LANGUAGE plpgsql;
                """);
        Launch.Postgres postgres = new Launch.Postgres(List.of(new Launch.Database("orders", "orders", "orders-secret"),
                new Launch.Database("payments", "payments", "it's-secret")), List.of(init), Launch.KeepData.NEVER,
                List.of("max_connections=30"));
        Path data = Files.createDirectories(dir.resolve("data").resolve("orders-db-1"));
        if (PostgresBinaries.runningAsRoot()) {
            // the postgres user must reach the data directory, as it does under a run directory
            dir.toFile().setExecutable(true, false);
            dir.resolve("data").toFile().setExecutable(true, false);
        }
        int port = FreePorts.next();
        List<String> command = LocalPostgres.command(postgres, bin, Path.of(System.getProperty("java.home"), "bin", "java"),
                data, "127.0.0.1", port);
        Path log = dir.resolve("orders-db-1.log");

        start(command, log, port, postgres);
        try (Connection orders = connect(port, "orders", "orders", "orders-secret"); Statement sql = orders.createStatement()) {
            sql.execute("INSERT INTO orders VALUES (2, 'PAID')");
            assertThat(count(sql, "SELECT count(*) FROM orders")).isEqualTo(2);
            assertThat(count(sql, "SELECT answer()")).as("the init-sql's function, created in the first database").isEqualTo(42);
            assertThat(count(sql, "SELECT setting::int FROM pg_settings WHERE name = 'max_connections'"))
                    .as("the service's option wins over the harness's").isEqualTo(30);
        }
        try (Connection payments = connect(port, "payments", "payments", "it's-secret"); Statement sql = payments.createStatement()) {
            sql.execute("CREATE TABLE payments (id bigint PRIMARY KEY)");
        }
        assertThatThrownBy(() -> connect(port, "orders", "orders", "wrong")).as("passwords are checked").isInstanceOf(SQLException.class);

        long pid = server.pid();
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the postmaster itself was killed").isFalse();

        start(command, log, port, postgres);
        try (Connection orders = connect(port, "orders", "orders", "orders-secret"); Statement sql = orders.createStatement()) {
            assertThat(count(sql, "SELECT count(*) FROM orders")).as("the rows survive the kill; init-sql did not run again")
                    .isEqualTo(2);
        }
        assertThat(Files.readString(log)).containsOnlyOnce("postgres launcher: created cluster");

        // the stop the local runtime sends: SIGINT, PostgreSQL's fast shutdown
        new ProcessBuilder("kill", "-" + LocalPostgres.STOP_SIGNAL, Long.toString(server.pid())).start().waitFor();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("fast shutdown request");
    }

    @Test
    void noBinariesSayHowToInstallThem() {
        assertThat(PostgresBinaries.find(dir.resolve("no-such-root"))).isEmpty();
        assertThat(PostgresBinaries.INSTALL).isEqualTo("apt-get install postgresql");
    }

    private void start(List<String> command, Path log, int port, Launch.Postgres postgres) throws IOException {
        server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ReadyCheck ready = new ReadyCheck(List.of(new Readiness.Postgres(postgres.databases())), new ReadyCheck.Target(
                "127.0.0.1", port, () -> "", () -> null, () -> 1, () -> true));
        Awaitility.await("postgres ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!server.isAlive()) {
                throw new IllegalStateException("exited: " + Files.readString(log));
            }
            return ready.isReady();
        });
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    private static int count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
