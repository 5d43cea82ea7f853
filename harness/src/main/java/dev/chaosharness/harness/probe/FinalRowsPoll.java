package dev.chaosharness.harness.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * After the load, reads a query's rows again and again until every accepted id has a final row, or
 * the settle time is over: as the HTTP final read asks again ({@link FinalStateReader}). Not "until
 * the row count stops growing": a status update adds no row, so a count that stands still says
 * nothing about a backlog still being worked off. An id, once final, is not looked for again.
 */
final class FinalRowsPoll {

    /** Every row of the query, each as a JSON object (column label to value). */
    interface RowSource {
        void forEachRow(Consumer<JsonNode> row) throws Exception;
    }

    /**
     * @param pending   accepted ids with no final row when the poll ended
     * @param polls     how many times the query ran
     * @param lastError the last failure of the query, or empty
     */
    record Outcome(int accepted, int pending, int polls, Optional<String> lastError) {
        boolean allFinal() {
            return pending == 0;
        }
    }

    private final RowSource rows;
    private final Function<JsonNode, Optional<String>> idOf;
    private final Predicate<JsonNode> isFinal;
    private final Duration every;

    /**
     * @param idOf    the request id a row belongs to, if it has one
     * @param isFinal whether a row is a final state
     * @param every   how long between two reads
     */
    FinalRowsPoll(RowSource rows, Function<JsonNode, Optional<String>> idOf, Predicate<JsonNode> isFinal, Duration every) {
        this.rows = rows;
        this.idOf = idOf;
        this.isFinal = isFinal;
        this.every = every;
    }

    /** Reads until every id of {@code accepted} has a final row, at most {@code settle} (once at least). */
    Outcome await(Set<String> accepted, Duration settle) {
        Set<String> pending = new HashSet<>(accepted);
        int[] polls = {0};
        String[] lastError = {null};
        Runnable poll = () -> {
            polls[0]++;
            try {
                rows.forEachRow(row -> {
                    if (isFinal.test(row)) {
                        idOf.apply(row).ifPresent(pending::remove);
                    }
                });
            } catch (Exception e) {
                lastError[0] = e.getMessage();
            }
        };
        poll.run();
        if (!pending.isEmpty() && !settle.isZero()) {
            try {
                Awaitility.await(pending.size() + " accepted ids with a final row").atMost(settle).pollInSameThread().pollDelay(every)
                        .pollInterval(every).until(() -> {
                            poll.run();
                            return pending.isEmpty();
                        });
            } catch (ConditionTimeoutException e) {
                // the settle time is over: what is still pending is what the check judges
            }
        }
        return new Outcome(accepted.size(), pending.size(), polls[0], Optional.ofNullable(lastError[0]));
    }
}
