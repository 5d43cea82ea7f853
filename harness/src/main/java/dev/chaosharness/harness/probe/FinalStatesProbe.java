package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * After the drain, each service that tells the final state of a request
 * ({@code checks.completion.http}) is asked for every id the load saw accepted (Jepsen's final read).
 */
public final class FinalStatesProbe implements Probe {

    private final ProbeContext run;

    public FinalStatesProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void readAfterLoad() {
        for (CompletionSubject subject : run.checks().completion()) {
            if (subject.readsHttp()) {
                read(subject);
            }
        }
    }

    private void read(CompletionSubject subject) {
        Set<String> accepted = new LinkedHashSet<>();
        HistoryReader.forEach(run.runDir(), "request"::equals, event -> {
            if (event instanceof HistoryEvent.RequestCompleted r && r.success() && r.correlationId() != null) {
                accepted.add(r.correlationId());
            }
        });
        long startedNanos = System.nanoTime();
        int finalCount = new FinalStateReader(run.environment().serviceUri(subject.httpService()), subject::pathFor,
                subject::isFinal, subject.topic(), run.history()).read(accepted, Duration.ofMillis(subject.settleMs()));
        run.progress().accept("probes: asked " + subject.httpService() + " for " + accepted.size() + " accepted ids (GET "
                + subject.httpPath() + "): " + finalCount + " final, in "
                + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() + " ms (settle-seconds: "
                + subject.settleMs() / 1000 + ")");
    }
}
