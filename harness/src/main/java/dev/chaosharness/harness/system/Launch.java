package dev.chaosharness.harness.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a service runs: a runnable jar (both runtimes), a command line (local only), a container
 * image (docker only), or a command and an image (each runtime runs its own).
 */
public sealed interface Launch {

    /** Whether the runtime of this name can run it. */
    boolean runsOn(String runtime);

    /** What the runtime of this name runs: this, or of a command and an image the one for it. */
    default Launch on(String runtime) {
        return this;
    }

    /** What it is, for messages: {@code jar /path/app.jar}. */
    String describe();

    /**
     * A runnable jar: a forked JVM locally, the harness's JRE image in containers.
     *
     * @param javaHome   the Java it needs (a JDK or JRE home); empty: the harness's own
     * @param jvmOptions extra JVM options for it (heap, GC)
     * @param workingDir the directory it runs in (its relative paths), copied into its container on
     *                   the docker runtime; empty: the run directory locally, the image's own in a container
     */
    record Jar(Path jar, Optional<Path> javaHome, List<String> jvmOptions, Optional<Path> workingDir) implements Launch {
        public Jar {
            jvmOptions = List.copyOf(jvmOptions);
        }

        public Jar(Path jar, Optional<Path> javaHome, List<String> jvmOptions) {
            this(jar, javaHome, jvmOptions, Optional.empty());
        }

        @Override
        public boolean runsOn(String runtime) {
            return true;
        }

        @Override
        public String describe() {
            return "jar " + jar;
        }
    }

    /** A command line, run from {@code workingDir}; the local runtime only. */
    record Command(List<String> command, Path workingDir) implements Launch {
        public Command {
            command = List.copyOf(command);
        }

        @Override
        public boolean runsOn(String runtime) {
            return runtime.equals("local");
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
        public boolean runsOn(String runtime) {
            return runtime.equals("docker");
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
        public boolean runsOn(String runtime) {
            return command.runsOn(runtime) || image.runsOn(runtime);
        }

        @Override
        public Launch on(String runtime) {
            return image.runsOn(runtime) ? image : command;
        }

        @Override
        public String describe() {
            return command.describe() + " (local) or " + image.describe() + " (docker)";
        }
    }
}
