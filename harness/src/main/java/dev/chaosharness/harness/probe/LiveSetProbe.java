package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Measures each service JVM's live set just before the load and again after the drain: it asks each
 * for a full collection ({@link ServiceInstance#runFullGc}, {@code GC.run}), whose heap after it JFR
 * records (cause "Diagnostic Command"). Young collections alone cannot tell a leak from objects
 * promoted and not yet collected; these two full collections can (HeapGrowthCheck). Both lie outside
 * what GcPauseCheck judges (it leaves the harness's own collections out). A JVM that cannot be asked
 * is a probe gap, and the check says UNKNOWN.
 */
public final class LiveSetProbe implements Probe {

    public static final String SOURCE = "live-set";
    /** A full collection of a service's heap takes well under a second; a JVM that does not answer is not waited for. */
    private static final java.time.Duration ANSWER_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final ProbeContext run;

    public LiveSetProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void startWatching() {
        collect("before the load");
    }

    @Override
    public void readAfterLoad() {
        collect("after the load");
    }

    private void collect(String when) {
        List<ServiceInstance> jvms = recordedJvms();
        if (jvms.isEmpty()) {
            return;
        }
        long startNanos = System.nanoTime();
        List<CompletableFuture<String>> asked = new ArrayList<>();
        for (ServiceInstance jvm : jvms) {
            asked.add(CompletableFuture.supplyAsync(() -> {
                try {
                    jvm.runFullGc();
                    return "";
                } catch (RuntimeException e) {
                    return e.getMessage();
                }
            }).completeOnTimeout("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s (a frozen JVM?)",
                    ANSWER_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        }
        int done = 0;
        for (int i = 0; i < jvms.size(); i++) {
            String failure = asked.get(i).join();
            if (failure.isEmpty()) {
                done++;
            } else {
                run.history().append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), SOURCE, jvms.get(i).name(),
                        "no full collection " + when + ": " + failure));
            }
        }
        run.progress().accept("probes: live set measured " + when + " in " + done + " of " + jvms.size()
                + " JVMs (a full collection each, " + (System.nanoTime() - startNanos) / 1_000_000 + " ms)");
    }

    /** The running instances the harness started as recorded JVMs (not the broker, not an attached one). */
    private List<ServiceInstance> recordedJvms() {
        Set<String> names = HistoryReader.ofType(HistoryReader.readContext(run.runDir()), HistoryEvent.ProcessStarted.class)
                .stream().filter(p -> p.jvm() && !p.attached() && !p.role().equals("kafka"))
                .map(HistoryEvent.ProcessStarted::name).collect(Collectors.toSet());
        return run.environment().instances().stream()
                .filter(i -> names.contains(i.name()) && i.isRunning() && !i.isPaused()).toList();
    }
}
