package dev.chaosharness.harness.load;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * The load in progress, as a simulation sees it: what the experiment file declared
 * ({@link #spec()}), where the entry service answers ({@link #target()}), and where each request's
 * result goes ({@link #record(RequestResult)}). A simulation takes it once, when Gatling creates it:
 * <pre>{@code
 * private final LoadRun run = LoadRun.current();
 * }</pre>
 * Gatling creates simulations by reflection, with no arguments, on the thread that runs it; that
 * thread is the harness's {@link LoadThread}, which carries the run, so no static field holds it.
 */
public final class LoadRun {

    private final LoadSpec spec;
    private final java.util.List<URI> targets;
    private final RunHistory history;
    private final long loadStartedMs;
    private final LongConsumer onFirstRequest;
    private final AtomicBoolean firstSeen = new AtomicBoolean();
    private volatile boolean abandoned;

    /** {@code onFirstRequest} is told when the first recorded request was sent (epoch ms), once. */
    LoadRun(LoadSpec spec, java.util.List<URI> targets, RunHistory history, long loadStartedMs, LongConsumer onFirstRequest) {
        this.spec = spec;
        this.targets = java.util.List.copyOf(targets);
        this.history = history;
        this.loadStartedMs = loadStartedMs;
        this.onFirstRequest = onFirstRequest;
    }

    /** The run of the simulation being created; called from a simulation's constructor or field initializers. */
    public static LoadRun current() {
        if (Thread.currentThread() instanceof LoadThread thread) {
            return thread.loadRun();
        }
        throw new IllegalStateException("no load in progress on thread " + Thread.currentThread().getName()
                + ": simulations are created by the harness (GatlingRunner), and take their LoadRun when created");
    }

    public LoadSpec spec() {
        return spec;
    }

    /** The base URI of the entry service's first running instance. */
    public URI target() {
        return targets.get(0);
    }

    /**
     * The base URIs of every running instance of the entry service when the load began: a
     * simulation spreads its users over them (Gatling's {@code baseUrls}, round robin per user), so
     * a fault that takes one instance away leaves the others serving, as behind a load balancer.
     */
    public java.util.List<URI> targets() {
        return targets;
    }

    /** Records one request ({@link RequestResult} says what each field means); dropped once the run was interrupted. */
    public void record(RequestResult result) {
        if (abandoned) {
            return;
        }
        long startMs = result.startMs();
        if (firstSeen.compareAndSet(false, true)) {
            // the first answer tells when the first request went out: a simulation records a request
            // once it is answered, and this is the one place every simulation reports to
            history.append(new HistoryEvent.FirstRequestSent(startMs, startMs - loadStartedMs));
            onFirstRequest.accept(startMs);
        }
        history.append(new HistoryEvent.RequestCompleted(System.currentTimeMillis(), startMs, result.latencyMs(),
                result.status(), spec.isSuccess(result.status()), spec.budgetMs(),
                result.correlationId().orElse(null), result.error().orElse(null), result.requestId().orElse(null)));
    }

    /** The run was interrupted: whatever its simulation still records is dropped. */
    void abandon() {
        abandoned = true;
    }

    /** The thread Gatling runs on, carrying the run for the simulation it creates. */
    static final class LoadThread extends Thread {
        private final LoadRun run;

        LoadThread(LoadRun run, Runnable gatling) {
            super(gatling, "gatling");
            this.run = run;
        }

        LoadRun loadRun() {
            return run;
        }
    }
}
