package dev.chaosharness.harness.environment.postgres;

import dev.chaosharness.harness.system.Launch;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line of a postgres service's instance on the local runtime: {@link PostgresLauncher}
 * prepares the data directory, then the shell replaces itself with the server ({@code exec}), as
 * the postgres user when the harness is root. The process the harness holds is the postmaster:
 * its SIGKILL, SIGSTOP and stop signal reach the server itself. A test database: no fsync (a killed
 * server still recovers; only an OS crash could lose data) and no Unix socket (its path would be
 * too long under a run directory). The service's own {@code options} come after the harness's and
 * so win.
 */
public final class LocalPostgres {

    /** Fast shutdown: the server rolls back open transactions, disconnects its clients and stops at once. */
    public static final String STOP_SIGNAL = "INT";

    private static final List<String> HARNESS_OPTIONS = List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off",
            "max_connections=100", "log_line_prefix=%m [%p] ");

    private LocalPostgres() {
    }

    public static List<String> command(Launch.Postgres postgres, Path bin, Path java, Path dataDir, String host, int port) {
        List<String> launcher = new ArrayList<>(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath(), PostgresLauncher.class.getName(), "--bin", bin.toString(), "--data", dataDir.toString()));
        postgres.databases().forEach(d -> launcher.addAll(List.of("--database", d.name(), d.owner(), d.password())));
        postgres.initSql().forEach(file -> launcher.addAll(List.of("--init-sql", file.toString())));
        List<String> server = new ArrayList<>(PostgresBinaries.runningAsRoot() ? PostgresBinaries.AS_POSTGRES_USER : List.of());
        server.addAll(List.of(bin.resolve("postgres").toString(), "-D", dataDir.resolve(PostgresLauncher.CLUSTER).toString(),
                "-c", "listen_addresses=" + host, "-p", Integer.toString(port), "-c", "unix_socket_directories="));
        List<String> options = new ArrayList<>(HARNESS_OPTIONS);
        options.addAll(postgres.options());
        options.forEach(option -> server.addAll(List.of("-c", option)));
        return List.of("sh", "-c", shell(launcher) + " && exec " + shell(server));
    }

    /** The harness's own classes and the JDBC driver, wherever they were loaded from (a jar, the plugin's, target/classes). */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(PostgresLauncher.class, org.postgresql.Driver.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String shell(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }
}
