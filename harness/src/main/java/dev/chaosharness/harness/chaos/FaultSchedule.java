package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.chaos.action.FaultActions;
import dev.chaosharness.harness.chaos.action.FaultContext;
import dev.chaosharness.harness.chaos.action.FaultAction;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 * Runs a profile's fault windows against a running environment, each at its time from the start
 * of the load, and ends each when its window closes. Closing the schedule ends whatever is still
 * active, then makes sure of it: every toxic on every link removed, every link enabled, every
 * paused instance resumed. Every apply and rollback is written to the history with its time.
 */
public final class FaultSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultSchedule.class);

    private final ChaosProfile profile;
    private final Environment environment;
    private final RunHistory history;
    private final ToxiproxyClient toxiproxy;
    private final ScheduledExecutorService scheduler;
    private final List<ScheduledFuture<?>> pending = new ArrayList<>();
    private final Map<Integer, Running> active = new ConcurrentHashMap<>();
    private boolean closed;
    private long startNanos;

    private record Running(FaultWindow window, FaultAction.ActiveFault fault) {
    }

    public FaultSchedule(ChaosProfile profile, Environment environment, RunHistory history) {
        this.profile = profile;
        this.environment = environment;
        this.history = history;
        this.toxiproxy = new ToxiproxyClient(environment.faultProxy().host(), environment.faultProxy().port());
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, profile.timeline().size())), r -> {
            Thread thread = new Thread(r, "fault-schedule-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Schedules every window relative to now (the start of the load). */
    public synchronized void start() {
        startNanos = System.nanoTime();
        for (FaultWindow window : profile.timeline()) {
            pending.add(scheduler.schedule(() -> apply(window), window.at().toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /** The window's end is scheduled once it is applied, so a slow apply cannot outrun its rollback. */
    private synchronized void scheduleEnd(FaultWindow window) {
        if (closed) {
            return;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        long delayMs = Math.max(0, window.end().toMillis() - elapsedMs);
        pending.add(scheduler.schedule(() -> rollback(window.index(), "window-end"), delayMs, TimeUnit.MILLISECONDS));
    }

    private void apply(FaultWindow window) {
        FaultAction action = FaultActions.byName(window.action()).orElseThrow();
        String faultName = "chaos-" + profile.name() + "-" + window.index();
        long startedMs = System.currentTimeMillis();
        try {
            FaultAction.ActiveFault fault = action.apply(new FaultContext(environment, toxiproxy, faultName),
                    window.targets(), window.params());
            active.put(window.index(), new Running(window, fault));
            history.append(new HistoryEvent.FaultApplied(startedMs, window.index(), window.line(),
                    window.action(), window.targets(), window.params(), window.duration().toMillis()));
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
    }

    /** Ends every active fault ({@code how}: experiment-end or aborted), then restores the environment. */
    public synchronized void close(String how) {
        if (closed) {
            return;
        }
        closed = true;
        pending.forEach(future -> future.cancel(false));
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (Integer index : List.copyOf(active.keySet())) {
            rollback(index, how);
        }
        restoreEnvironment();
    }

    @Override
    public void close() {
        close("experiment-end");
    }

    /** Whatever a rollback missed: no toxic left, every link up, nothing frozen. */
    private void restoreEnvironment() {
        for (String link : environment.links()) {
            try {
                Proxy proxy = toxiproxy.getProxy(link);
                for (Toxic toxic : proxy.toxics().getAll()) {
                    toxic.remove();
                }
                if (!proxy.isEnabled()) {
                    proxy.enable();
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
