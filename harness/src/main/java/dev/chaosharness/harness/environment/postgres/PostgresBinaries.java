package dev.chaosharness.harness.environment.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Debian's PostgreSQL ({@code apt-get install postgresql}): the newest {@code /usr/lib/postgresql/<version>/bin}. */
public final class PostgresBinaries {

    public static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    public static final String INSTALL = "apt-get install postgresql";
    /** PostgreSQL refuses to run as root: as root, its programs run as the package's postgres user. */
    static final List<String> AS_POSTGRES_USER = List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--");

    private PostgresBinaries() {
    }

    /** The newest installed version's bin directory under {@code root}, with a postgres and an initdb in it. */
    public static Optional<Path> find(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> version(bin.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Integer version(String name) {
        return name.matches("\\d+") ? Integer.parseInt(name) : -1;
    }

    /** The bin directory, or an error that says how to install it. */
    public static Path require() {
        return find(DEBIAN_ROOT).orElseThrow(() -> new IllegalStateException("a postgres service needs PostgreSQL's server "
                + "binaries under " + DEBIAN_ROOT + "/<version>/bin, found none: " + INSTALL));
    }

    /** Whether the harness runs as root, and so runs PostgreSQL's programs as the postgres user. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
