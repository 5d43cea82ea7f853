package dev.chaosharness.harness.load;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a simulation running in this JVM writes each request's result: the run history of the
 * run in progress. Gatling creates simulations by reflection, so the link is static and set by
 * {@link GatlingRunner} around one run.
 */
public final class LoadRecorder {

    private static final AtomicReference<RunHistory> CURRENT = new AtomicReference<>();

    private LoadRecorder() {
    }

    static void attach(RunHistory history) {
        if (!CURRENT.compareAndSet(null, history)) {
            throw new IllegalStateException("another load is already running in this JVM");
        }
    }

    static void detach() {
        CURRENT.set(null);
    }

    /** Records one request; {@code status} 0 when no HTTP answer came, with {@code error} saying why. */
    public static void record(long startMs, long latencyMs, int status, long budgetMs, String orderId, String error) {
        RunHistory history = CURRENT.get();
        if (history == null) {
            throw new IllegalStateException("no run in progress: simulations are started by GatlingRunner");
        }
        history.append(new HistoryEvent.RequestCompleted(System.currentTimeMillis(), startMs, latencyMs, status,
                budgetMs, orderId, error));
    }
}
