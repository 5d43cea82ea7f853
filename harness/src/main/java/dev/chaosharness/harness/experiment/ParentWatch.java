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
    public static final String PROPERTY = dev.chaosharness.harness.settings.HarnessSettings.STOP_WITH_PARENT;

    private static final Logger log = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {
    }

    private static final long POLL_MS = 250;

    /**
     * Watches this JVM's parent process, if it has one it can see. Polled here because
     * {@link ProcessHandle#onExit()} polls a process that is not this JVM's child with a growing
     * interval (up to 5 s): a run an hour long would notice its parent's end seconds late.
     */
    public static Optional<ProcessHandle> start() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        parent.ifPresent(p -> {
            Thread watch = new Thread(() -> {
                try {
                    while (p.isAlive()) {
                        Thread.sleep(POLL_MS);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                log.warn("the process that started the harness (pid {}) exited: stopping as for SIGTERM", p.pid());
                Signal.raise(new Signal("TERM"));
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        });
        return parent;
    }
}
