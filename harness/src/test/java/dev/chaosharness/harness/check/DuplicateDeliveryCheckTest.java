package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.spec.RecordSelector;
import dev.chaosharness.harness.spec.JdbcQuery;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateDeliveryCheckTest {

    private final DuplicateDeliveryCheck check = new DuplicateDeliveryCheck(List.of(HistoryBuilder.CAPTURE), 0);

    private HistoryBuilder twoOrders() {
        return new HistoryBuilder().load(0, 60_000, 2000).drained(true)
                .request(1000, 30, 201, "o1").request(2000, 30, 201, "o2")
                .placedOrder("o1", "e1").placedOrder("o2", "e2")
                .group(500, "Stable", "payment-1", "payment-2");
    }

    @Test
    void eachOrderCapturedOncePasses() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).capture("o2", "e2", "payment-2", 1, 2100).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).startsWith("0 effect duplicates");
    }

    @Test
    void aDuplicateAfterARebalanceFailsAndIsAttributedToIt() {
        RunView run = twoOrders()
                .capture("o1", "e1", "payment-1", 1, 1100).capture("o2", "e2", "payment-2", 1, 2100)
                .group(3000, "PreparingRebalance", "payment-2")
                .group(3300, "Stable", "payment-2")
                .capture("o1", "e1", "payment-2", 2, 3400).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).startsWith("1 effect duplicates (0 unexplained)");
        assertThat(result.evidence()).singleElement().satisfies(e -> {
            assertThat(e.get("id")).isEqualTo("o1");
            assertThat((String) e.get("attributedTo")).contains("rebalance seen at 3300");
            assertThat((List<?>) e.get("effects")).hasSize(2);
        });
    }

    @Test
    void aRebalanceTheProbeSawJustAfterTheDuplicateStillExplainsIt() {
        // the new owner wrote at 3400; the probe, polling every 200 ms, saw the group change at 3700
        RunView run = twoOrders()
                .capture("o1", "e1", "payment-1", 1, 1100).capture("o2", "e2", "payment-2", 1, 2100)
                .group(3000, "Stable", "payment-1", "payment-2")
                .capture("o1", "e1", "payment-2", 2, 3400)
                .group(3700, "Stable", "payment-2").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.measured()).startsWith("1 effect duplicates (0 unexplained)");
        assertThat((String) result.evidence().get(0).get("attributedTo")).contains("rebalance seen at 3700");
    }

    @Test
    void theIdCapturedMostOftenLeadsTheEvidence() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).capture("o1", "e1", "payment-1", 1, 1200)
                .capture("o2", "e2", "payment-2", 1, 2100).capture("o2", "e2", "payment-2", 1, 2200)
                .capture("o2", "e2", "payment-2", 1, 2300).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.measured()).startsWith("3 effect duplicates");
        assertThat(result.evidence()).extracting(e -> e.get("id")).containsExactly("o2", "o1");
    }

    @Test
    void aDuplicateWithNoGroupChangeIsUnexplained() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).capture("o1", "e1", "payment-1", 1, 1200)
                .capture("o2", "e2", "payment-2", 1, 2100).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence().get(0).get("attributedTo")).isEqualTo("unexplained");
    }

    @Test
    void aDuplicateOfARecordBelowTheCommittedOffsetStillCounts() {
        // The second capture re-processes offset 3 after the group had committed past it: same eventId.
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).capture("o2", "e2", "payment-2", 1, 2100)
                .capture("o2", "e2", "payment-1", 3, 9000).build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aBudgetAllowsSomeDuplicates() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).capture("o1", "e1", "payment-2", 2, 1500)
                .capture("o2", "e2", "payment-2", 1, 2100).build();

        assertThat(new DuplicateDeliveryCheck(List.of(HistoryBuilder.CAPTURE), 1).evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void anOrderAnswered201ButNeverCapturedIsLost() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).contains("1 lost");
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "lost").containsEntry("id", "o2")
                .containsEntry("trail", "published on orders, no effect on payments"));
    }

    /** A dual write that lost the publish: the order was answered 201 and its OrderPlaced is not on the topic. */
    @Test
    void aLostIdWhoseSourceRecordWasNeverPublishedSaysSo() {
        RunView run = new HistoryBuilder().load(0, 60_000, 2000).drained(true)
                .request(1000, 30, 201, "o1").request(2000, 30, 201, "o2")
                .placedOrder("o1", "e1").capture("o1", "e1", "payment-1", 1, 1100).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).singleElement().satisfies(e -> assertThat(e).containsEntry("kind", "lost")
                .containsEntry("id", "o2").containsEntry("trail", "accepted, yet never published on orders (no record of it read there)"));
    }

    @Test
    void noDataIsUnknownNotPass() {
        assertThat(check.evaluate(new HistoryBuilder().load(0, 1, 2000).build()).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aGroupThatDidNotDrainIsUnknown() {
        RunView run = new HistoryBuilder().load(0, 60_000, 2000).drained(false).request(1000, 30, 201, "o1")
                .placedOrder("o1", "e1").build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aLostEffectWhileAnUnjudgedGroupDidNotDrainIsUnknownAndFailsOnceItDrained() {
        HistoryBuilder lostOne = new HistoryBuilder().load(0, 60_000, 2000).drained(true)
                .request(1000, 30, 201, "o1").request(2000, 30, 201, "o2")
                .placedOrder("o1", "e1").placedOrder("o2", "e2").capture("o1", "e1", "payment-1", 1, 1100);

        CheckResult undrained = check.evaluate(lostOne.drainedGroup("order-service", false).build()).get(0);
        CheckResult drained = check.evaluate(new HistoryBuilder().load(0, 60_000, 2000).drained(true)
                .request(1000, 30, 201, "o1").request(2000, 30, 201, "o2")
                .placedOrder("o1", "e1").placedOrder("o2", "e2").capture("o1", "e1", "payment-1", 1, 1100)
                .drainedGroup("order-service", true).build()).get(0);

        assertThat(undrained.verdict()).as(undrained.toString()).isEqualTo(Verdict.UNKNOWN);
        assertThat(undrained.summary()).contains("group order-service did not drain");
        assertThat(drained.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void withoutADeclaredGroupTheCheckDoesNotApply() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).build();

        assertThat(new DuplicateDeliveryCheck(List.of(), 0).evaluate(run)).singleElement()
                .satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE));
    }

    @Test
    void expectedIdsCanComeFromTheSourceTopicFilteredOnAField() {
        // Source records with status NEW must each have an effect; the CANCELLED one need not.
        DuplicateSubject fromSource = new DuplicateSubject("payment-capture",
                new RecordSelector("orders", "/eventId", "/orderId", "/status", "NEW"),
                new RecordSelector("payments", "/eventId", "/orderId", "", ""), DuplicateSubject.FROM_SOURCE, "", "");
        RunView run = new HistoryBuilder().load(0, 60_000, 2000).drained(true)
                .record("orders", "o1", "{\"eventId\":\"e1\",\"orderId\":\"o1\",\"status\":\"NEW\"}", 10)
                .record("orders", "o2", "{\"eventId\":\"e2\",\"orderId\":\"o2\",\"status\":\"CANCELLED\"}", 20)
                .record("orders", "o3", "{\"eventId\":\"e3\",\"orderId\":\"o3\",\"status\":\"NEW\"}", 30)
                .record("payments", "o1", "{\"eventId\":\"e1\",\"orderId\":\"o1\"}", 40).build();

        CheckResult result = new DuplicateDeliveryCheck(List.of(fromSource), 0).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).contains("0 effect duplicates").contains("1 lost");
        assertThat(result.evidence()).singleElement().satisfies(e -> assertThat(e).containsEntry("id", "o3"));
    }

    @Test
    void longRecordKeysIdentifyEffectsAndWithoutMemberFieldsADuplicateIsBlamedOnTheRebalanceBeforeIt() {
        DuplicateSubject byKey = new DuplicateSubject("ledger", new RecordSelector("transfers", "record-key-long", "", "", ""),
                new RecordSelector("postings", "record-key-long", "", "", ""), DuplicateSubject.FROM_SOURCE, "", "");
        RunView run = new HistoryBuilder().load(0, 60_000, 2000).drainedGroup("ledger", true)
                .record("transfers", "41", "{}", 10).record("transfers", "42", "{}", 20)
                .record("postings", "41", "{}", 100).record("postings", "42", "{}", 200)
                .groupNamed("ledger", 300, "PreparingRebalance", "c1").groupNamed("ledger", 400, "Stable", "c1")
                .record("postings", "42", "{}", 500).build();

        CheckResult result = new DuplicateDeliveryCheck(List.of(byKey), 0).evaluate(run).get(0);

        assertThat(result.subject()).isEqualTo("ledger");
        assertThat(result.measured()).startsWith("1 effect duplicates (0 unexplained), 0 lost");
        assertThat((String) result.evidence().get(0).get("attributedTo")).contains("rebalance seen at 400");
    }

    /** Effects that are the rows of a query: two rows with one key are a duplicate, named by row, writer and generation. */
    @Test
    void rowsOfATableWithOneKeyTwiceFailNamingBothRowsAndOneRowEachPasses() {
        JdbcQuery postings = new JdbcQuery("checks.duplicates[1].effects", "postgres", JdbcQuery.POSTGRESQL, "ledger", "app",
                "", "select transfer_id, writer, generation, posted_at_ms from postings", java.util.Optional.of("posted_at_ms"));
        DuplicateSubject fromRows = new DuplicateSubject("ledger", new RecordSelector("transfers", "record-key-long", "", "", ""),
                new RecordSelector(postings.source(), "/transfer_id", "", "", ""), DuplicateSubject.FROM_SOURCE,
                "/writer", "/generation", java.util.Optional.of(postings));
        HistoryBuilder once = new HistoryBuilder().load(0, 60_000, 2000).drainedGroup("ledger", true)
                .record("transfers", "41", "{}", 10).record("transfers", "42", "{}", 20)
                .event(row(1, 41, "writer-1", 3, 100)).event(row(2, 42, "writer-2", 3, 200))
                .groupNamed("ledger", 300, "PreparingRebalance", "c1").groupNamed("ledger", 400, "Stable", "c1");

        CheckResult passed = new DuplicateDeliveryCheck(List.of(fromRows), 0).evaluate(once.build()).get(0);
        CheckResult failed = new DuplicateDeliveryCheck(List.of(fromRows), 0)
                .evaluate(once.event(row(3, 42, "writer-1", 4, 500)).build()).get(0);

        assertThat(passed.verdict()).as(passed.toString()).isEqualTo(Verdict.PASS);
        assertThat(failed.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(failed.measured()).startsWith("1 effect duplicates (0 unexplained), 0 lost");
        assertThat(failed.evidence()).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("key", "42");
            assertThat(e.get("effects").toString()).contains("writer-2 gen 3 row 2").contains("writer-1 gen 4 row 3")
                    .contains("at 500");
            assertThat((String) e.get("attributedTo")).contains("rebalance seen at 400");
        });
    }

    private static dev.chaosharness.harness.history.HistoryEvent.RowRead row(long number, long transferId, String writer,
                                                                              int generation, long postedAtMs) {
        return new dev.chaosharness.harness.history.HistoryEvent.RowRead(70_000 + number, "jdbc:postgres/ledger", number,
                postedAtMs, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("transfer_id", transferId).put("writer", writer).put("generation", generation)
                        .put("posted_at_ms", postedAtMs));
    }

    /**
     * A transaction left open on the effects topic hides the committed effects after it from the
     * read: an expected id without an effect is then UNKNOWN, not lost; a duplicate stays a FAIL.
     */
    @Test
    void effectsHeldBackByAnOpenTransactionAreNotCalledLost() {
        DuplicateSubject byKey = new DuplicateSubject("ledger", new RecordSelector("transfers", "record-key-long", "", "", ""),
                new RecordSelector("postings", "record-key-long", "", "", ""), DuplicateSubject.FROM_SOURCE, "", "");
        HistoryBuilder history = new HistoryBuilder().load(0, 60_000, 2000).drainedGroup("ledger", true)
                .record("transfers", "41", "{}", 10).record("transfers", "42", "{}", 20)
                .record("postings", "41", "{}", 100)
                .event(new dev.chaosharness.harness.history.HistoryEvent.ProbeGap(61_000,
                        dev.chaosharness.harness.history.HistoryEvent.ProbeGap.OPEN_TRANSACTION, "postings",
                        "a transaction was still open on {2=stable 15 of 90} 75 s after the load"));

        CheckResult heldBack = new DuplicateDeliveryCheck(List.of(byKey), 0).evaluate(history.build()).get(0);
        CheckResult duplicated = new DuplicateDeliveryCheck(List.of(byKey), 0)
                .evaluate(history.record("postings", "41", "{}", 200).build()).get(0);

        assertThat(heldBack.verdict()).as(heldBack.toString()).isEqualTo(Verdict.UNKNOWN);
        assertThat(heldBack.summary()).contains("1 expected ids had no effect that could be read")
                .contains("stable 15 of 90");
        assertThat(duplicated.verdict()).as("a duplicate seen is seen").isEqualTo(Verdict.FAIL);
    }
}
