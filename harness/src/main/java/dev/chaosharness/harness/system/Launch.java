package dev.chaosharness.harness.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a service runs: a runnable jar (local and docker), a command line (local only), a container
 * image (docker only), a command and an image (each runtime runs its own), or a PostgreSQL server
 * (local and docker). The attach runtime starts none of them.
 */
public sealed interface Launch {

    /** Where a runtime runs the services it starts: processes of this machine, or containers. */
    enum Host {
        PROCESSES, CONTAINERS
    }

    /** Whether a runtime that runs services on {@code host} can run it. */
    boolean runsOn(Host host);

    /** What a runtime on {@code host} runs: this, or of a command and an image the one for it. */
    default Launch on(Host host) {
        return this;
    }

    /** What it is, for messages: {@code jar /path/app.jar}. */
    String describe();

    /** The async-profiler event its JVM is profiled with from its start ({@code wall}, {@code cpu}, {@code alloc}): a jar's {@code profile}. */
    default Optional<String> profile() {
        return Optional.empty();
    }

    /**
     * A runnable jar: a forked JVM locally, the harness's JRE image in containers.
     *
     * @param javaHome   the Java it needs (a JDK or JRE home); empty: the harness's own
     * @param jvmOptions extra JVM options for it (heap, GC)
     * @param workingDir the directory it runs in (its relative paths), copied into its container on
     *                   the docker runtime; empty: the run directory locally, the image's own in a container
     * @param profile    the async-profiler event its JVM is profiled with from its start (its {@code profile})
     */
    record Jar(Path jar, Optional<Path> javaHome, List<String> jvmOptions, Optional<Path> workingDir,
               Optional<String> profile) implements Launch {

        /** The events async-profiler's agent can record for a {@code profile}. */
        public static final List<String> PROFILES = List.of("wall", "cpu", "alloc");

        public Jar {
            jvmOptions = List.copyOf(jvmOptions);
        }

        public Jar(Path jar, Optional<Path> javaHome, List<String> jvmOptions, Optional<Path> workingDir) {
            this(jar, javaHome, jvmOptions, workingDir, Optional.empty());
        }

        public Jar(Path jar, Optional<Path> javaHome, List<String> jvmOptions) {
            this(jar, javaHome, jvmOptions, Optional.empty());
        }

        @Override
        public boolean runsOn(Host host) {
            return true;
        }

        @Override
        public String describe() {
            return "jar " + jar + profile.map(p -> " profiled by async-profiler (profile: " + p + ")").orElse("");
        }
    }

    /** A command line, run from {@code workingDir}; the local runtime only. */
    record Command(List<String> command, Path workingDir) implements Launch {
        public Command {
            command = List.copyOf(command);
        }

        @Override
        public boolean runsOn(Host host) {
            return host == Host.PROCESSES;
        }

        @Override
        public String describe() {
            return "command " + String.join(" ", command);
        }
    }

    /**
     * A container image; the docker runtime only.
     *
     * @param port the port it listens on in its container ({@code image-port}); empty: the runtime's
     *             default, which {@code ${port}} passes to it
     */
    record Image(String image, Optional<Integer> port) implements Launch {
        @Override
        public boolean runsOn(Host host) {
            return host == Host.CONTAINERS;
        }

        @Override
        public String describe() {
            return "image " + image;
        }
    }

    /**
     * A command for the local runtime and an image for the docker runtime, one service either way
     * (e.g. a database from the operating system's package locally, its official image in containers).
     */
    record CommandOrImage(Command command, Image image) implements Launch {
        @Override
        public boolean runsOn(Host host) {
            return command.runsOn(host) || image.runsOn(host);
        }

        @Override
        public Launch on(Host host) {
            return image.runsOn(host) ? image : command;
        }

        @Override
        public String describe() {
            return command.describe() + " (local) or " + image.describe() + " (docker)";
        }
    }

    /**
     * A PostgreSQL server ({@code postgres:}): locally Debian's binaries started by the harness's own
     * launcher, on docker the {@code postgres} image. Each database is created with its owner (a
     * login role with its password) on the first start; the init-sql files then run in order, as the
     * superuser, in the first database; the server's files stay across its restarts.
     *
     * @param initSql  files, each run once after the databases exist
     * @param keepData whether the data directory outlives the run
     * @param options  server options {@code name=value}, each given as {@code -c name=value} after the harness's own
     */
    record Postgres(List<Database> databases, List<Path> initSql, KeepData keepData, List<String> options) implements Launch {

        /** The image it runs on the docker runtime (or its substitute). */
        public static final String IMAGE = "postgres:16";

        public Postgres {
            databases = List.copyOf(databases);
            initSql = List.copyOf(initSql);
            options = List.copyOf(options);
            if (databases.isEmpty()) {
                throw new IllegalArgumentException("a postgres service declares at least one database");
            }
        }

        @Override
        public boolean runsOn(Host host) {
            return true;
        }

        @Override
        public String describe() {
            return "postgres with database(s) " + String.join(", ", databases.stream().map(Database::name).toList());
        }
    }

    /** A database of a postgres service and its owner, a login role. */
    record Database(String name, String owner, String password) {
    }

    /** {@code keep-data}: whether a postgres service's data directory is kept when the run ends. */
    enum KeepData {
        NEVER("never"), ON_FAILURE("on-failure"), ALWAYS("always");

        private final String spelling;

        KeepData(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }

        /** Whether a run with this outcome keeps it; {@code passed}: its overall verdict is PASS. */
        public boolean keeps(boolean passed) {
            return this == ALWAYS || this == ON_FAILURE && !passed;
        }
    }
}
