package dev.chaosharness.harness.environment;

import java.net.URI;
import java.util.Optional;

/**
 * A handle on one running instance of the environment (a service instance or the broker),
 * free of how it runs: a forked JVM, a container, a remote host. Fault actions act through it.
 */
public interface ServiceInstance {

    /** Stable name, e.g. {@code api-1}, {@code worker-2}, {@code kafka}. */
    String name();

    /** What it is: {@code api-service}, {@code worker-service}, {@code kafka}. */
    String role();

    /** Its HTTP base URI, for services that have one. */
    Optional<URI> httpUri();

    /** SIGKILL: gone at once, no shutdown hooks, no commits. */
    void kill();

    /** SIGSTOP: frozen in place; connections stay open, heartbeats stop. */
    void pause();

    /** SIGCONT after {@link #pause()}. */
    void resume();

    /** Graceful stop (SIGTERM, then SIGKILL after a grace period). */
    void stop();

    /** Starts it again with the same configuration and ports, and waits until it is ready. */
    void start();

    boolean isRunning();

    boolean isPaused();

    /**
     * Runs a full garbage collection in its JVM now and returns once it ended; HeapGrowthCheck's
     * live-set measure. Throws {@link UnsupportedOperationException} saying why when this instance
     * cannot (not a JVM, or a runtime that cannot reach it).
     */
    default void runFullGc() {
        throw new UnsupportedOperationException(name() + ": this runtime cannot ask its JVM for a full collection");
    }
}
