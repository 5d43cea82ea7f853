package dev.chaosharness.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** For tests that start a child JVM: waits until its output file says something. */
public final class ChildOutput {

    private ChildOutput() {
    }

    /** Waits (30 s at most) until {@code file} contains {@code text}; fails with what it holds. */
    public static void await(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the JVM did not print '" + text + "': " + (Files.exists(file) ? Files.readString(file) : ""));
    }
}
