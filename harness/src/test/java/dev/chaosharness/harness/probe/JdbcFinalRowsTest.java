package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaosharness.harness.spec.JdbcQuery;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL completion poll on a real PostgreSQL (Debian's, started with images/postgres/run-postgres.sh
 * on a loopback port of its own): a status updated in place, no row added, is waited for.
 */
class JdbcFinalRowsTest {

    private static final Path SCRIPT = Path.of("..", "images", "postgres", "run-postgres.sh");
    private static Process postgres;
    private static int port;
    private static Path data;

    @BeforeAll
    static void startPostgres() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/lib/postgresql")), "PostgreSQL is not installed");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        data = Files.createTempDirectory("final-rows-pg");
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString(), data.toString(), "127.0.0.1",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(data.resolve("postgres.log").toFile());
        builder.environment().put("POSTGRES_USER", "shop");
        builder.environment().put("POSTGRES_PASSWORD", "shop");
        builder.environment().put("POSTGRES_DB", "shop");
        postgres = builder.start();
        Awaitility.await("PostgreSQL on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    try (Connection connection = connect()) {
                        return connection.isValid(2);
                    }
                });
        sql("create table orders (order_id text primary key, status text not null)",
                "insert into orders values ('o1', 'PENDING'), ('o2', 'PENDING'), ('o3', 'CONFIRMED')");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.destroy();
            if (!postgres.waitFor(20, TimeUnit.SECONDS)) {
                postgres.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/shop", "shop", "shop");
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }

    private static FinalRowsPoll.Outcome poll(FinalRowsPoll.RowSource rows, Set<String> accepted, Duration settle) {
        return new FinalRowsPoll(rows, row -> Optional.of(row.at("/order_id").asText()),
                row -> row.at("/status").asText().equals("CONFIRMED"), Duration.ofMillis(50)).await(accepted, settle);
    }

    @Test
    void rowsUpdatedInPlaceAfterTheThirdReadAreWaitedForAndAnIdWithoutARowIsPending() {
        JdbcRowReader reader = new JdbcRowReader(new JdbcQuery("checks.completion", "shop-db", JdbcQuery.POSTGRESQL, "shop",
                "shop", "shop", "select order_id, status from orders", Optional.empty()), "127.0.0.1:" + port);
        AtomicInteger reads = new AtomicInteger();
        FinalRowsPoll.RowSource updatedOnTheThirdRead = each -> {
            if (reads.incrementAndGet() == 3) {
                sql("update orders set status = 'CONFIRMED' where order_id in ('o1', 'o2')");
            }
            reader.forEachRow(each);
        };

        FinalRowsPoll.Outcome allFinal = poll(updatedOnTheThirdRead, Set.of("o1", "o2", "o3"), Duration.ofSeconds(60));
        FinalRowsPoll.Outcome oneMissing = poll(reader::forEachRow, Set.of("o1", "o4"), Duration.ofMillis(300));

        assertThat(allFinal.allFinal()).as(allFinal.toString()).isTrue();
        assertThat(allFinal.polls()).isEqualTo(3);
        assertThat(oneMissing.pending()).isEqualTo(1);
        assertThat(oneMissing.lastError()).isEmpty();
    }
}
