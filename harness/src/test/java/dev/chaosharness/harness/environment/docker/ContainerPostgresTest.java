package dev.chaosharness.harness.environment.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.system.Launch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerPostgresTest {

    @TempDir
    Path dir;

    @Test
    void theImageCreatesTheFirstDatabaseAndAFileTheOthersThenTheInitSqlInOrder() throws IOException {
        Path first = Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE t (id int);");
        Path second = Files.writeString(dir.resolve("seed.sql"), "INSERT INTO t VALUES (1);");
        Launch.Postgres postgres = new Launch.Postgres(List.of(new Launch.Database("orders", "orders", "o"),
                new Launch.Database("audit", "orders", "o"), new Launch.Database("payments", "pay", "it's")),
                List.of(first, second), Launch.KeepData.NEVER, List.of("max_connections=10"));

        ContainerPostgres server = ContainerPostgres.of(postgres, "db", dir);

        assertThat(server.env()).containsEntry("POSTGRES_USER", "orders").containsEntry("POSTGRES_PASSWORD", "o")
                .containsEntry("POSTGRES_DB", "orders");
        assertThat(server.command()).endsWith("-c", "max_connections=10");
        assertThat(server.initFiles().values()).containsExactly("/docker-entrypoint-initdb.d/00-harness-databases.sql",
                "/docker-entrypoint-initdb.d/01-schema.sql", "/docker-entrypoint-initdb.d/02-seed.sql");
        Path databases = server.initFiles().keySet().iterator().next();
        assertThat(Files.readString(databases)).contains("CREATE ROLE \"pay\" LOGIN PASSWORD 'it''s';")
                .doesNotContain("CREATE ROLE \"orders\"").doesNotContain("CREATE DATABASE \"orders\"")
                .contains("CREATE DATABASE \"audit\" OWNER \"orders\";", "CREATE DATABASE \"payments\" OWNER \"pay\";");
        assertThat(server.data("db-1")).isEqualTo(new ContainerPostgres.DataBind(dir.resolve("data/db-1"),
                "/var/lib/postgresql/data"));
        assertThat(Map.copyOf(server.env())).containsEntry("PGDATA", "/var/lib/postgresql/data/pgdata");
    }
}
