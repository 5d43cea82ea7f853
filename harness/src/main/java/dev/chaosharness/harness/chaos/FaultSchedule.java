package dev.chaosharness.harness.chaos;

import dev.chaosharness.faultproxy.api.ProxyState;
import dev.chaosharness.faultproxy.api.ToxicState;
import dev.chaosharness.harness.chaos.action.FaultActions;
import dev.chaosharness.harness.chaos.action.FaultContext;
import dev.chaosharness.harness.chaos.action.FaultAction;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.environment.ProcessGroups;
import dev.chaosharness.harness.proxy.FaultProxyClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a profile's fault windows against a running environment, each at its time from the first
 * request the load sent ({@link #startAt}), and ends each when its window closes: its declared
 * length, whatever the fault's recovery (a killed instance restarting) takes after it. Closing the
 * schedule ends whatever is still active, then makes sure of it: every toxic on every link removed,
 * every link enabled, every paused instance resumed. Every apply and rollback is written to the
 * history with its time.
 */
public final class FaultSchedule implements AutoCloseable {

    /** The start of every fault's name, and so of every toxic the harness adds. */
    static final String TOXIC_PREFIX = "chaos-";


    /** How the run's end closes a schedule: the environment goes on (and is restored in full), or is about to stop. */
    public static final String EXPERIMENT_END = "experiment-end";
    public static final String ABORTED = "aborted";
    /** A signal interrupted the run: faults are ended, but nothing is restarted (the environment stops at once). */
    public static final String INTERRUPTED = "interrupted";

    private static final Logger log = LoggerFactory.getLogger(FaultSchedule.class);

    private final ChaosProfile profile;
    private final Environment environment;
    private final RunHistory history;
    private final FaultProxyClient faultProxyClient;
    /** On an attached fault proxy: what removes the run's toxics if the harness dies. */
    private Optional<ProcessGroups.Undo> undoOnDeath = Optional.empty();
    private final ScheduledExecutorService scheduler;
    private final List<ScheduledFuture<?>> pending = new ArrayList<>();
    private final Map<Integer, Running> active = new ConcurrentHashMap<>();
    private boolean closed;
    private boolean started;
    private long startNanos;

    private record Running(FaultWindow window, FaultAction.ActiveFault fault) {
    }

    public FaultSchedule(ChaosProfile profile, Environment environment, RunHistory history) {
        this.profile = profile;
        this.environment = environment;
        this.history = history;
        this.faultProxyClient = environment.faultProxy().client();
        if (!environment.ownsFaultProxy()) {
            removeLeftovers();
            undoOnDeath = Optional.of(ProcessGroups.undoOnDeath(cleanupScript()));
        }
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, profile.timeline().size())), r -> {
            Thread thread = new Thread(r, "fault-schedule-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Schedules every window relative to {@code anchorMs} (epoch ms; the first request the load
     * sent), which may be a little in the past; a window already due is applied at once.
     */
    public synchronized void startAt(long anchorMs) {
        if (closed || started) {
            return;
        }
        started = true;
        startNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - anchorMs));
        for (FaultWindow window : profile.timeline()) {
            pending.add(scheduler.schedule(() -> apply(window), Math.max(0, window.at().toMillis() - elapsedMs()),
                    TimeUnit.MILLISECONDS));
        }
    }

    private long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The window's end is scheduled once it is applied, so a slow apply cannot outrun its rollback. */
    private synchronized void scheduleEnd(FaultWindow window) {
        if (closed) {
            return;
        }
        long delayMs = Math.max(0, window.end().toMillis() - elapsedMs());
        pending.add(scheduler.schedule(() -> rollback(window.index(), "window-end"), delayMs, TimeUnit.MILLISECONDS));
    }

    private void apply(FaultWindow window) {
        FaultAction action = FaultActions.byName(window.action()).orElseThrow();
        String faultName = TOXIC_PREFIX + profile.name() + "-" + window.index();
        long startedMs = System.currentTimeMillis();
        try {
            FaultAction.ActiveFault fault = action.apply(new FaultContext(environment, faultProxyClient, faultName),
                    window.targets(), window.params());
            active.put(window.index(), new Running(window, fault));
            history.append(new HistoryEvent.FaultApplied(startedMs, window.index(), window.line(),
                    window.action(), window.targets(), window.params(), window.at().toMillis(), window.duration().toMillis()));
            log.info("fault {} applied: {} on {} for {} ms", window.index(), window.action(), window.targets(),
                    window.duration().toMillis());
            scheduleEnd(window);
        } catch (Exception e) {
            history.append(new HistoryEvent.FaultFailed(System.currentTimeMillis(), window.index(), window.action(),
                    "apply", e.toString()));
            log.warn("fault {} ({} on {}) could not be applied: {}", window.index(), window.action(), window.targets(), e.toString());
        }
    }

    private void rollback(int index, String how) {
        rollback(index, how, true);
    }

    private void rollback(int index, String how, boolean recover) {
        Running running = active.remove(index);
        if (running == null) {
            return;
        }
        try {
            running.fault().rollback();
            history.append(new HistoryEvent.FaultRolledBack(System.currentTimeMillis(), index, running.window().action(),
                    running.window().targets(), how));
            log.info("fault {} rolled back ({}): {} on {}", index, how, running.window().action(), running.window().targets());
        } catch (Exception e) {
            history.append(new HistoryEvent.FaultFailed(System.currentTimeMillis(), index, running.window().action(),
                    "rollback", e.toString()));
            log.warn("fault {} could not be rolled back: {}", index, e.toString());
        }
        if (recover) {
            recover(index, running);
        } else {
            log.info("fault {} ({} on {}): not recovered, the run was interrupted", index, running.window().action(),
                    running.window().targets());
        }
    }

    /** After the window: what the fault took away comes back; how long that took is the history's to show. */
    private void recover(int index, Running running) {
        long startedNanos = System.nanoTime();
        try {
            running.fault().recover();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            if (tookMs > 0) {
                log.info("fault {} recovered {} ms after its window ended: {} on {}", index, tookMs,
                        running.window().action(), running.window().targets());
            }
        } catch (Exception e) {
            history.append(new HistoryEvent.FaultFailed(System.currentTimeMillis(), index, running.window().action(),
                    "recover", e.getMessage() == null ? e.toString() : e.getMessage()));
            log.warn("fault {} ({} on {}): recovery after the window failed: {}", index, running.window().action(),
                    running.window().targets(), e.toString());
        }
    }

    /**
     * Ends every active fault ({@code how}: {@link #EXPERIMENT_END}, {@link #ABORTED} or
     * {@link #INTERRUPTED}), then restores the environment.
     */
    public synchronized void close(String how) {
        if (closed) {
            return;
        }
        closed = true;
        pending.forEach(future -> future.cancel(false));
        boolean interrupted = how.equals(INTERRUPTED);
        if (interrupted) {
            scheduler.shutdownNow(); // a restart still awaiting readiness is not waited for
        } else {
            scheduler.shutdown();
        }
        try {
            if (!scheduler.awaitTermination(interrupted ? 5 : 60, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (Integer index : List.copyOf(active.keySet())) {
            rollback(index, how, !interrupted);
        }
        restoreEnvironment();
        undoOnDeath.ifPresent(ProcessGroups.Undo::close);
    }

    /**
     * Toxics of a run whose harness died before the watchdog could remove them (the machine went
     * down with it): removed before this run applies its own, and said.
     */
    private void removeLeftovers() {
        for (String link : environment.links()) {
            try {
                String proxy = environment.proxyName(link);
                for (ToxicState toxic : toxics(proxy)) {
                    if (toxic.name().startsWith(TOXIC_PREFIX)) {
                        faultProxyClient.removeToxic(proxy, toxic.name());
                        log.warn("removed toxic {} from link {}: left by a run whose harness died", toxic.name(), link);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not check link {} for toxics a dead run left: {}", link, e.toString());
            }
        }
    }

    private List<ToxicState> toxics(String proxy) throws IOException {
        return faultProxyClient.proxy(proxy).map(ProxyState::toxics).orElse(List.of());
    }

    private java.nio.file.Path cleanupScript() {
        try {
            java.nio.file.Path script = java.nio.file.Files.createTempFile("chaos-toxics-", ".sh");
            script.toFile().deleteOnExit();
            java.nio.file.Files.writeString(script, ToxicCleanup.script(environment.faultProxy().host(),
                    environment.faultProxy().port(), environment.links().stream().map(environment::proxyName).toList()));
            return script;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the script that removes the run's toxics", e);
        }
    }

    @Override
    public void close() {
        close(EXPERIMENT_END);
    }

    /**
     * Whatever a rollback missed: no toxic left (on a fault proxy the harness attached to, none of
     * its own, {@value #TOXIC_PREFIX}*: the team's stay), every link up, nothing frozen.
     */
    private void restoreEnvironment() {
        for (String link : environment.links()) {
            try {
                String name = environment.proxyName(link);
                ProxyState proxy = faultProxyClient.proxy(name).orElseThrow(() -> new IOException("no proxy " + name));
                for (ToxicState toxic : proxy.toxics()) {
                    if (environment.ownsFaultProxy() || toxic.name().startsWith(TOXIC_PREFIX)) {
                        faultProxyClient.removeToxic(name, toxic.name());
                    }
                }
                if (!proxy.enabled()) {
                    faultProxyClient.setEnabled(name, true);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not restore link {}: {}", link, e.toString());
            }
        }
        for (ServiceInstance instance : environment.instances()) {
            if (instance.isPaused()) {
                instance.resume();
            }
        }
    }
}
