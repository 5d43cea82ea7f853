package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.spec.JdbcQuery;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of each SQL query a check reads ({@code checks.duplicates[].effects.jdbc},
 * {@code checks.completion.jdbc}): before the load, each query runs and has the columns its check
 * reads (else the run is aborted naming the field); after the drain, where completion is judged
 * from it, the query is read again every half second until every accepted id has a final row, within
 * the subject's settle time ({@link FinalRowsPoll}); then each database's rows are recorded once (the
 * parser let two checks share one only with one query).
 */
public final class DatabaseRowsProbe implements Probe {

    /** How long between two reads of a completion query, as the HTTP final read asks again. */
    private static final Duration POLL_EVERY = Duration.ofMillis(500);

    private final ProbeContext run;

    public DatabaseRowsProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void verify() {
        for (DuplicateSubject subject : run.checks().duplicates()) {
            subject.effectsQuery().ifPresent(query -> verifyColumns(query, subject.effectColumns()));
        }
        for (CompletionSubject subject : run.checks().completion()) {
            subject.query().ifPresent(query -> verifyColumns(query, subject.queryColumns()));
        }
    }

    private void verifyColumns(JdbcQuery query, List<String> read) {
        List<String> columns = reader(query).verifyColumns(read);
        run.progress().accept("probes: " + query.field() + " runs on " + query.service() + " with columns " + columns
                + "; the check reads " + read);
    }

    @Override
    public void readAfterLoad() {
        Map<String, JdbcQuery> queries = new LinkedHashMap<>();
        run.checks().duplicates().forEach(d -> d.effectsQuery().ifPresent(q -> queries.putIfAbsent(q.source(), q)));
        for (CompletionSubject subject : run.checks().completion()) {
            if (subject.query().isPresent()) {
                queries.putIfAbsent(subject.query().get().source(), subject.query().get());
                awaitFinal(subject, subject.query().get());
            }
        }
        for (JdbcQuery query : queries.values()) {
            int rows = reader(query).record(run.history());
            run.progress().accept("probes: " + rows + " rows read from " + query);
        }
    }

    /** Reads the query again until every accepted id has a final row, or its settle time is over. */
    private void awaitFinal(CompletionSubject subject, JdbcQuery query) {
        Set<String> accepted = new LinkedHashSet<>();
        HistoryReader.forEach(run.runDir(), "request"::equals, event -> {
            if (event instanceof HistoryEvent.RequestCompleted r && r.success() && r.correlationId() != null) {
                accepted.add(r.correlationId());
            }
        });
        long startedNanos = System.nanoTime();
        JdbcRowReader reader = reader(query);
        FinalRowsPoll.Outcome outcome = new FinalRowsPoll(reader::forEachRow, row -> idOf(row, subject), subject::isFinal,
                POLL_EVERY).await(accepted, Duration.ofMillis(subject.settleMs()));
        run.progress().accept("probes: " + query.source() + ": " + (outcome.accepted() - outcome.pending()) + " of "
                + outcome.accepted() + " accepted ids final after " + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis()
                + " ms, " + outcome.polls() + " reads (settle-seconds: " + subject.settleMs() / 1000 + ")"
                + outcome.lastError().map(e -> "; the query last failed: " + e).orElse(""));
    }

    private static Optional<String> idOf(JsonNode row, CompletionSubject subject) {
        JsonNode id = row.at(subject.id());
        return id.isMissingNode() || id.isNull() ? Optional.empty() : Optional.of(id.asText());
    }

    private JdbcRowReader reader(JdbcQuery query) {
        URI instance = run.environment().serviceUri(query.service());
        return new JdbcRowReader(query, instance.getHost() + ":" + instance.getPort());
    }
}
