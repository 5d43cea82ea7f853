package dev.chaosharness.harness.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGTERM and SIGHUP (a closed terminal, a dropped SSH session) during a run: the first interrupts the experiment's thread, which rolls back
 * the faults, stops the environment, closes the history as {@code interrupted} and writes the
 * report for the part that ran. A Ctrl-C reaches Maven too, whose end then comes back to the
 * harness as SIGTERM (this project's plugin ends its child so, and {@link ParentWatch} raises it when
 * Maven exits), so a signal of the other kind than the first, or of the same kind within
 * {@value #SAME_INTERRUPT_SECONDS} s, is the same interrupt; a later signal of the same kind exits at once (the environments' shutdown hooks
 * still stop their processes). Signal handlers rather than a shutdown hook: once the JVM is shutting down
 * it can no longer be relied on to finish a report, and its hooks run in no set sequence.
 * {@code sun.misc.Signal} is the JDK's only way to handle a signal without shutting down.
 */
final class RunInterrupts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunInterrupts.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    private static final long SAME_INTERRUPT_SECONDS = 5;

    private final Thread runThread;
    private final AtomicReference<String> received = new AtomicReference<>();
    private volatile boolean finishing;
    private volatile long firstNanos;
    private final List<Runnable> restore = new ArrayList<>();

    private RunInterrupts(Thread runThread) {
        this.runThread = runThread;
    }

    /** Handles SIGINT, SIGTERM and SIGHUP for the current thread's run until {@link #close()}. */
    static RunInterrupts install() {
        RunInterrupts interrupts = new RunInterrupts(Thread.currentThread());
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, interrupts::onSignal);
                interrupts.restore.add(() -> Signal.handle(signal, previous));
                if (previous == SignalHandler.SIG_IGN && name.equals("HUP")) {
                    log.info("SIGHUP is ignored (started with nohup): a closed terminal will not interrupt the run");
                } else if (previous == SignalHandler.SIG_IGN) {
                    // the JVM keeps a signal ignored that was ignored when it started, whatever is asked of it
                    log.warn("SIG{} was ignored when this JVM started (e.g. started in the background by a shell without "
                            + "job control): that signal will not interrupt the run", name);
                }
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} here ({}): it will stop the JVM without a report", name, e.getMessage());
            }
        }
        return interrupts;
    }

    /** The signal that interrupted the run ({@code SIGTERM}), if one did. */
    Optional<String> signal() {
        return Optional.ofNullable(received.get());
    }

    private synchronized void onSignal(Signal signal) {
        String name = "SIG" + signal.getName();
        long nowNanos = System.nanoTime();
        if (!received.compareAndSet(null, name)) {
            boolean echo = !name.equals(received.get())
                    || nowNanos - firstNanos < TimeUnit.SECONDS.toNanos(SAME_INTERRUPT_SECONDS);
            if (echo) {
                // Ctrl-C reaches every process of the terminal's group: Maven, whose end comes back
                // as SIGTERM, and this JVM; that echo is the same interrupt, not a second one
                log.warn("{} after {}: the same interrupt (Maven passes it on), still finishing", name, received.get());
                return;
            }
            log.warn("{} again: exiting now; the environment's shutdown hook stops what is still running", name);
            System.exit(128 + signal.getNumber());
        }
        if (finishing) {
            log.warn("{}: the run is writing its verdicts and report; send it again to exit at once", name);
            return;
        }
        firstNanos = nowNanos;
        runThread.interrupt(); // before logging: a console that blocks (a pipe nobody reads) must not hold it back
        log.warn("{}: interrupting the run; rolling back faults, stopping the environment and writing the report "
                + "(send it again to exit at once)", name);
    }

    /** From here the run only judges and reports: a first signal is noted, and no longer interrupts. */
    void finishing() {
        finishing = true;
        clearForCleanup();
    }

    /**
     * Clears the current thread's interrupt before a cleanup step: rolling back faults and
     * stopping processes wait for things, and must not be cut short by the interrupt that stopped
     * the run. Whether the run was interrupted stays known by the signal received.
     */
    static void clearForCleanup() {
        Thread.interrupted();
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
