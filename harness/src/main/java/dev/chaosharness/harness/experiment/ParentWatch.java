package dev.chaosharness.harness.experiment;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops the harness as SIGTERM would when the process that started it exits: Maven's exec plugin
 * does not end the process it forked when Maven itself is ended (a CI job cancelled with SIGTERM to
 * Maven alone), so without this the harness would run on, orphaned, until its load ended.
 * Raising SIGTERM in this JVM takes the same path as a signal from outside: faults rolled back,
 * environment stopped, history ended {@code interrupted}, report written.
 */
public final class ParentWatch {

    /** Set to true by the launchers (the experiment profile, the plugin) that start the harness from Maven. */
    public static final String PROPERTY = "harness.stop-with-parent";

    private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {
    }

    /** Watches this JVM's parent process, if it has one it can see. */
    public static Optional<ProcessHandle> start() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        parent.ifPresent(p -> p.onExit().thenRun(() -> {
            log.warn("the process that started the harness (pid {}) exited: stopping as for SIGTERM", p.pid());
            Signal.raise(new Signal("TERM"));
        }));
        return parent;
    }
}
