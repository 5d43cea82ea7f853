package dev.chaosharness.harness.environment;

import dev.chaosharness.harness.system.Launch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The one JVM command line of a service jar, whatever runs it: a forked process or a container. */
public final class JvmCommand {

    private JvmCommand() {
    }

    /**
     * The option that records the JVM with JFR into {@code file}, dumped when it exits; the objects
     * that lived longest are sampled with their allocation stacks (HeapGrowthCheck's evidence).
     */
    public static String flightRecording(String file) {
        return "-XX:StartFlightRecording=filename=" + file + ",dumponexit=true,settings=default,jdk.OldObjectSample#stackTrace=true";
    }

    /**
     * {@code java}, the jar's own options (its system file's {@code jvm-options}), JFR into
     * {@code jfrFile} when the JVM is recorded, what this runtime adds ({@code runtimeOptions}, e.g.
     * a CDS archive), the harness's options for every service JVM, then {@code -jar jarPath}.
     */
    public static List<String> of(String java, Launch.Jar jar, Optional<String> jfrFile, List<String> runtimeOptions,
                                  List<String> harnessOptions, String jarPath) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jar.jvmOptions());
        jfrFile.ifPresent(file -> command.add(flightRecording(file)));
        command.addAll(runtimeOptions);
        command.addAll(harnessOptions);
        command.addAll(List.of("-jar", jarPath));
        return command;
    }
}
