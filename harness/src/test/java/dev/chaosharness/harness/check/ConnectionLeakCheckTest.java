package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.spec.ConnectionSubject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionLeakCheckTest {

    private final ConnectionLeakCheck check = new ConnectionLeakCheck(List.of(new ConnectionSubject("writer", "postgres")), 2);

    /** Three writers' pools of 2 through their own links; a reset window from 10 to 16 s; the load ends at 40 s. */
    private static HistoryBuilder ledger(long... openAtEndPerWriter) {
        HistoryBuilder history = new HistoryBuilder().load(0, 40_000, 2000).fault(1, 10_000, 16_000);
        for (int w = 0; w < openAtEndPerWriter.length; w++) {
            String link = "writer-" + (w + 1) + "->postgres-1";
            history.event(new HistoryEvent.LinkTrafficObserved(1_000, link, 2, 2, 0, 100, 100, 0));
            history.event(new HistoryEvent.LinkTrafficObserved(12_000, link, 4, 0, 0, 200, 200, 2)); // the window reset them
            history.event(new HistoryEvent.LinkTrafficObserved(45_000, link, 6 + openAtEndPerWriter[w], openAtEndPerWriter[w],
                    0, 300, 300, 2));
        }
        history.event(new HistoryEvent.LinkTrafficObserved(45_000, "order->payment-1", 40, 33, 0, 1, 1, 0)); // not declared
        return history;
    }

    @Test
    void aPoolThatRefilledAfterTheResetPasses() {
        CheckResult result = check.evaluate(ledger(2, 2, 2)
                .event(new HistoryEvent.DatabaseSessions(0, "postgres", "ledger", 6, 0))
                .event(new HistoryEvent.DatabaseSessions(46_000, "postgres", "ledger", 6, 0)).build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.subject()).isEqualTo("writer->postgres");
        assertThat(result.measured()).isEqualTo("open through the proxy: 6 before the faults, 6 after;"
                + " database ledger: 6 sessions before the load, 6 after (0 idle in transaction)");
    }

    @Test
    void connectionsKeptAfterTheFaultsFailAndTheWorstLinkIsNamed() {
        CheckResult result = check.evaluate(ledger(2, 7, 3)
                .event(new HistoryEvent.DatabaseSessions(0, "postgres", "ledger", 6, 0))
                .event(new HistoryEvent.DatabaseSessions(46_000, "postgres", "ledger", 12, 0)).build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).isEqualTo("6 more connections open through the proxy after the faults than before them"
                + " (6 -> 12); most on writer-2->postgres-1: 2 -> 7; database ledger counts 6 more sessions after the load"
                + " than before it (6 -> 12)");
    }

    @Test
    void growthWithinTheAllowanceStillPasses() {
        assertThat(check.evaluate(ledger(3, 3, 2).build()).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void theDatabasesOwnCountAloneCanFail() {
        CheckResult result = check.evaluate(ledger(2, 2, 2)
                .event(new HistoryEvent.DatabaseSessions(0, "postgres", "ledger", 6, 0))
                .event(new HistoryEvent.DatabaseSessions(46_000, "postgres", "ledger", 10, 4)).build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).endsWith("6 sessions before the load, 10 after (4 idle in transaction)");
    }

    @Test
    void withoutTrafficCountsItIsUnknownAndWithoutADeclaredLinkNotApplicable() {
        RunView bare = new HistoryBuilder().load(0, 40_000, 2000).build();

        assertThat(check.evaluate(bare).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(new ConnectionLeakCheck(List.of(), 2).evaluate(bare).get(0).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }
}
