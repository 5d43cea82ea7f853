package dev.chaosharness.harness.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How a service runs: a runnable jar (both runtimes), a command line (local only) or a container image (docker only). */
public sealed interface Launch {

    /** Whether the runtime of this name can run it. */
    boolean runsOn(String runtime);

    /** What it is, for messages: {@code jar /path/app.jar}. */
    String describe();

    /**
     * A runnable jar: a forked JVM locally, the harness's JRE image in containers.
     *
     * @param javaHome   the Java it needs (a JDK or JRE home); empty: the harness's own
     * @param jvmOptions extra JVM options for it (heap, GC)
     */
    record Jar(Path jar, Optional<Path> javaHome, List<String> jvmOptions) implements Launch {
        public Jar {
            jvmOptions = List.copyOf(jvmOptions);
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

    /** A container image; the docker runtime only. */
    record Image(String image) implements Launch {
        @Override
        public boolean runsOn(String runtime) {
            return runtime.equals("docker");
        }

        @Override
        public String describe() {
            return "image " + image;
        }
    }
}
