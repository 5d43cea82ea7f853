package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.check.CompletionSubject;
import dev.chaosharness.harness.check.DuplicateSubject;
import dev.chaosharness.harness.check.JdbcQuery;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of each SQL query a check reads ({@code checks.duplicates[].effects.jdbc},
 * {@code checks.completion.jdbc}): before the load, each query runs and has the columns its check
 * reads (else the run is aborted naming the field); after the drain, where completion is judged
 * from it, the database is read once its row count has stopped growing, within the subject's settle
 * time; then each database's rows are read once (the parser let two checks share one only with one
 * query).
 */
public final class DatabaseRowsProbe implements Probe {

    /** A query counts as settled once its row count has not grown for this long. */
    private static final Duration SETTLED_QUIET = Duration.ofSeconds(2);

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
                JdbcQuery query = subject.query().get();
                queries.putIfAbsent(query.source(), query);
                long startedNanos = System.nanoTime();
                boolean settled = reader(query).awaitSettled(Duration.ofMillis(subject.settleMs()), SETTLED_QUIET);
                run.progress().accept("probes: " + query.source() + (settled ? " settled" : " still growing") + " after "
                        + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() + " ms (settle-seconds: "
                        + subject.settleMs() / 1000 + ")");
            }
        }
        for (JdbcQuery query : queries.values()) {
            int rows = reader(query).record(run.history());
            run.progress().accept("probes: " + rows + " rows read from " + query);
        }
    }

    private JdbcRowReader reader(JdbcQuery query) {
        URI instance = run.environment().serviceUri(query.service());
        return new JdbcRowReader(query, instance.getHost() + ":" + instance.getPort());
    }
}
