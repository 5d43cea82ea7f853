package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.DataDirectories;
import dev.chaosharness.harness.system.Launch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A postgres service on the docker runtime: the {@code postgres} image (or its offline substitute,
 * which reads the same variables and folder) started as its documentation says. The first
 * database and its owner are {@code POSTGRES_DB}, {@code POSTGRES_USER} and {@code POSTGRES_PASSWORD}
 * (that owner is the image's superuser); the other databases and owners are created by a file the
 * harness writes, then the init-sql files run, in order, from {@code /docker-entrypoint-initdb.d}
 * (the image runs them once, as that user, in the first database). The data directory is bound to
 * the instance's {@code data/<instance>} in the run directory, so a restarted container finds its
 * data, and keep-data can keep it. The server's options follow the image's command ({@code -c name=value}).
 *
 * @param env        the image's variables
 * @param command    the server's options
 * @param initFiles  host file -> its path in the container
 * @param runDir     the run directory, where each instance's data directory is
 */
record ContainerPostgres(Map<String, String> env, List<String> command, Map<Path, String> initFiles, Path runDir) {

    static final int PORT = 5432;
    static final String DATA_IN_CONTAINER = "/var/lib/postgresql/data";
    private static final String INIT_DIR = "/docker-entrypoint-initdb.d/";
    private static final List<String> HARNESS_OPTIONS = List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off",
            "max_connections=100");

    /** A host directory bound into the container. */
    record DataBind(Path hostDir, String inContainer) {
    }

    static ContainerPostgres of(Launch.Postgres postgres, String service, Path runDir) {
        Launch.Database first = postgres.databases().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_USER", first.owner());
        env.put("POSTGRES_PASSWORD", first.password());
        env.put("POSTGRES_DB", first.name());
        env.put("PGDATA", DATA_IN_CONTAINER + "/pgdata");
        List<String> command = new ArrayList<>();
        List<String> options = new ArrayList<>(HARNESS_OPTIONS);
        options.addAll(postgres.options());
        options.forEach(option -> command.addAll(List.of("-c", option)));
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(writeDatabases(postgres, service, runDir), INIT_DIR + "00-harness-databases.sql");
        for (int i = 0; i < postgres.initSql().size(); i++) {
            Path file = postgres.initSql().get(i);
            files.put(file, INIT_DIR + String.format("%02d-%s", i + 1, file.getFileName()));
        }
        return new ContainerPostgres(env, command, files, runDir);
    }

    /** The instance's data directory on the host, created, bound to the image's. */
    DataBind data(String instance) {
        Path dir = DataDirectories.of(runDir, instance);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new DataBind(dir, DATA_IN_CONTAINER);
    }

    /** The roles and databases beyond the first, as SQL the image runs as its superuser. */
    static String databasesSql(Launch.Postgres postgres) {
        StringBuilder sql = new StringBuilder("-- written by the chaos harness: the databases beyond POSTGRES_DB\n");
        Set<String> owners = new LinkedHashSet<>(List.of(postgres.databases().get(0).owner()));
        for (Launch.Database database : postgres.databases()) {
            if (owners.add(database.owner())) {
                sql.append("CREATE ROLE \"").append(database.owner()).append("\" LOGIN PASSWORD '")
                        .append(database.password().replace("'", "''")).append("';\n");
            }
        }
        postgres.databases().stream().skip(1).forEach(database -> sql.append("CREATE DATABASE \"").append(database.name())
                .append("\" OWNER \"").append(database.owner()).append("\";\n"));
        return sql.toString();
    }

    private static Path writeDatabases(Launch.Postgres postgres, String service, Path runDir) {
        Path file = runDir.resolve("postgres").resolve(service + "-databases.sql");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, databasesSql(postgres));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
