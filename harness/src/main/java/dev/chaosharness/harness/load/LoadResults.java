package dev.chaosharness.harness.load;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Where a simulation running in this JVM writes each request's result: the run history of the
 * run in progress. Gatling creates simulations by reflection, so the link is static and set by
 * {@link GatlingRunner} around one run.
 */
public final class LoadResults {

    private static final AtomicReference<Run> CURRENT = new AtomicReference<>();
    private static volatile boolean abandoned;

    /** {@code onFirstRequest} is told when the first recorded request was sent (epoch ms), once. */
    private record Run(RunHistory history, LoadSpec spec, long loadStartedMs, LongConsumer onFirstRequest,
                       AtomicBoolean firstSeen) {
    }

    private LoadResults() {
    }

    static void attach(RunHistory history, LoadSpec spec, long loadStartedMs, LongConsumer onFirstRequest) {
        if (!CURRENT.compareAndSet(null, new Run(history, spec, loadStartedMs, onFirstRequest, new AtomicBoolean()))) {
            throw new IllegalStateException("another load is already running in this JVM");
        }
        abandoned = false;
    }

    static void detach() {
        CURRENT.set(null);
        abandoned = false;
    }

    /** The run was interrupted: whatever its simulation still records is dropped. */
    static void abandon() {
        CURRENT.set(null);
        abandoned = true;
    }

    /** Records one request ({@link RequestResult} says what each field means). */
    public static void record(RequestResult result) {
        Run run = CURRENT.get();
        if (run == null && abandoned) {
            return;
        }
        if (run == null) {
            throw new IllegalStateException("no run in progress: simulations are started by GatlingRunner");
        }
        long startMs = result.startMs();
        if (run.firstSeen().compareAndSet(false, true)) {
            // the first answer tells when the first request went out: a simulation records a request
            // once it is answered, and this is the one place every simulation reports to
            run.history().append(new HistoryEvent.FirstRequestSent(startMs, startMs - run.loadStartedMs()));
            run.onFirstRequest().accept(startMs);
        }
        run.history().append(new HistoryEvent.RequestCompleted(System.currentTimeMillis(), startMs, result.latencyMs(),
                result.status(), run.spec().isSuccess(result.status()), run.spec().budgetMs(),
                result.correlationId().orElse(null), result.error().orElse(null), result.requestId().orElse(null)));
    }
}
