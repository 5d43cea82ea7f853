package dev.chaosharness.harness.environment.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prepares a postgres service's data directory before each start, run by the local runtime in a
 * JVM of its own just before the server itself (which then replaces the shell, so the harness's
 * signals reach the postmaster). On the first start it creates the cluster ({@code initdb}, as the
 * {@code postgres} OS user when run as root), starts a private server on a loopback port of its
 * own (so the harness's readiness check cannot see it half done), creates each owner role and
 * database over JDBC, runs the init-sql files in order as the superuser in the first database, stops
 * that server and marks the directory done. Later starts (after a kill, on the same directory) find
 * the mark and do nothing: PostgreSQL recovers by itself. A first start interrupted before the mark
 * begins again from an empty cluster.
 *
 * <pre>java -cp harness.jar:postgresql.jar ...PostgresLauncher --bin DIR --data DIR
 *      --database NAME OWNER PASSWORD [--database ...] [--init-sql FILE ...]</pre>
 * Only the JDK and the PostgreSQL JDBC driver are on its class path.
 */
public final class PostgresLauncher {

    /** The cluster's folder inside the instance's data directory. */
    public static final String CLUSTER = "pgdata";
    static final String DONE_MARK = "harness-initialized";
    private static final long READY_WAIT_MS = 60_000;

    private final Path bin;
    private final Path data;
    private final List<String[]> databases;
    private final List<Path> initSql;
    private final boolean root;

    private PostgresLauncher(Path bin, Path data, List<String[]> databases, List<Path> initSql) {
        this.bin = bin;
        this.data = data;
        this.databases = databases;
        this.initSql = initSql;
        this.root = PostgresBinaries.runningAsRoot();
    }

    public static void main(String[] args) {
        try {
            parse(args).prepare();
        } catch (RuntimeException | IOException | SQLException e) {
            System.err.println("postgres launcher: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            System.err.println("postgres launcher: interrupted");
            System.exit(1);
        }
    }

    private static PostgresLauncher parse(String[] args) {
        Path bin = null;
        Path data = null;
        List<String[]> databases = new ArrayList<>();
        List<Path> initSql = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bin" -> bin = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--database" -> databases.add(new String[] {args[++i], args[++i], args[++i]});
                case "--init-sql" -> initSql.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (bin == null || data == null || databases.isEmpty()) {
            throw new IllegalArgumentException("usage: --bin DIR --data DIR --database NAME OWNER PASSWORD ... [--init-sql FILE ...]");
        }
        return new PostgresLauncher(bin, data, databases, initSql);
    }

    /**
     * PostgreSQL runs as its own user, which must be able to pass through every directory above its
     * data: a checkout under a home directory of mode 700 (root's, on many CI runners) is not, and
     * initdb would only say "Permission denied". Nothing is changed on the team's directories.
     */
    static void requireReachableByPostgres(Path data) throws IOException {
        for (Path dir = data.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            java.nio.file.attribute.PosixFileAttributes attributes = Files.readAttributes(dir,
                    java.nio.file.attribute.PosixFileAttributes.class);
            boolean passable = attributes.permissions().contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)
                    || attributes.owner().getName().equals("postgres")
                    || attributes.group().getName().equals("postgres")
                    && attributes.permissions().contains(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
            if (!passable) {
                throw new IllegalStateException("the postgres user cannot reach " + data + ": " + dir + " is mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(attributes.permissions())
                        + " (owner " + attributes.owner().getName() + "), and PostgreSQL runs as its own user. Run from a "
                        + "directory others may pass through, put the reports elsewhere (-Dharness.reports.dir, the plugin's "
                        + "chaos.reportsDirectory), or allow it: chmod o+x " + dir);
            }
        }
    }

    private void prepare() throws IOException, InterruptedException, SQLException {
        Path cluster = data.resolve(CLUSTER);
        if (Files.exists(data.resolve(DONE_MARK))) {
            return;
        }
        if (Files.exists(cluster)) {
            say("a first start did not finish; creating " + cluster + " again");
            delete(cluster);
        }
        Files.createDirectories(data);
        if (root) {
            requireReachableByPostgres(data);
            run(List.of("chown", "postgres:postgres", data.toString()));
        }
        run(asOwner(bin.resolve("initdb").toString(), "--pgdata=" + cluster, "--username=postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"));
        // every address the harness may route through (its fault proxy dials the server's host:port)
        Files.writeString(cluster.resolve("pg_hba.conf"), "host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path hba = data.resolve("prepare-hba.conf");
        Files.writeString(hba, "host all postgres 127.0.0.1/32 trust\n");
        int port = freePort();
        Process server = new ProcessBuilder(asOwner(bin.resolve("postgres").toString(), "-D", cluster.toString(),
                "-c", "listen_addresses=127.0.0.1", "-p", Integer.toString(port), "-c", "unix_socket_directories=",
                "-c", "hba_file=" + hba, "-c", "fsync=off")).inheritIO().start();
        try {
            createDatabases(port);
        } finally {
            server.destroy(); // SIGTERM: a smart shutdown, its only client is gone
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        Files.delete(hba);
        Files.writeString(data.resolve(DONE_MARK), "databases " + databases.stream().map(d -> d[0]).toList() + "\n");
        say("created cluster " + cluster + ", database(s) " + databases.stream().map(d -> d[0] + " (owner " + d[1] + ")").toList()
                + (initSql.isEmpty() ? "" : ", ran " + initSql));
    }

    private void createDatabases(int port) throws SQLException, InterruptedException, IOException {
        try (Connection superuser = connect(port, "postgres"); Statement statement = superuser.createStatement()) {
            Map<String, String> owners = new LinkedHashMap<>();
            databases.forEach(d -> owners.putIfAbsent(d[1], d[2]));
            for (Map.Entry<String, String> owner : owners.entrySet()) {
                statement.execute("CREATE ROLE " + quoted(owner.getKey()) + " LOGIN PASSWORD '"
                        + owner.getValue().replace("'", "''") + "'");
            }
            for (String[] database : databases) {
                statement.execute("CREATE DATABASE " + quoted(database[0]) + " OWNER " + quoted(database[1]));
            }
        }
        if (initSql.isEmpty()) {
            return;
        }
        try (Connection superuser = DriverManager.getConnection(url(port, databases.get(0)[0]) + "&preferQueryMode=simple",
                "postgres", "")) {
            for (Path file : initSql) {
                try (Statement statement = superuser.createStatement()) {
                    statement.execute(Files.readString(file));
                } catch (SQLException e) {
                    throw new SQLException("init-sql " + file + " failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /** The private server's first connection, once it takes one. */
    private static Connection connect(int port, String database) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + READY_WAIT_MS;
        while (true) {
            try {
                return DriverManager.getConnection(url(port, database), "postgres", "");
            } catch (SQLException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new SQLException("the server did not take a connection within " + READY_WAIT_MS / 1000 + " s: "
                            + e.getMessage(), e);
                }
                Thread.sleep(100); // no library here to await with: only the JDK and the driver are on the class path
            }
        }
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=5";
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private List<String> asOwner(String... command) {
        List<String> full = new ArrayList<>(root ? PostgresBinaries.AS_POSTGRES_USER : List.of());
        full.addAll(List.of(command));
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with code " + process.exitValue());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void say(String message) {
        System.out.println("postgres launcher: " + message);
    }
}
