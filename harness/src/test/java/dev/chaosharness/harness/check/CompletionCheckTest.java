package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.spec.JdbcQuery;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionCheckTest {

    private static final CompletionSubject FINAL_STATUS = new CompletionSubject("orders", "/orderId",
            List.of(new CompletionSubject.Condition("/status", List.of("CONFIRMED", "REJECTED"), false)), 10_000);

    private static CompletionCheck check(CompletionSubject subject) {
        return new CompletionCheck(List.of(subject), 0);
    }

    private static HistoryBuilder threeAcceptedOneFailed() {
        return new HistoryBuilder().load(0, 10_000, 2000)
                .request(1000, 20, 201, "o1").request(2000, 20, 201, "o2").request(3000, 20, 201, "o3")
                .request(4000, 20, 500, "o4");
    }

    @Test
    void everyAcceptedRequestInAFinalStatePasses() {
        RunView run = threeAcceptedOneFailed()
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"NEW\"}", 1100)
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"CONFIRMED\"}", 1200)
                .record("orders", "o2", "{\"orderId\":\"o2\",\"status\":\"REJECTED\"}", 2200)
                .record("orders", "o3", "{\"orderId\":\"o3\",\"status\":\"CONFIRMED\"}", 3200).build();

        CheckResult result = check(FINAL_STATUS).evaluate(run).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).isEqualTo("0 of 3 accepted requests never reached a final state");
    }

    @Test
    void anAcceptedRequestLeftNewFailsWithItsLastStateAndTheFaultBeforeIt() {
        RunView run = threeAcceptedOneFailed().fault(1, 1500, 2500, "order->payment-1")
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"CONFIRMED\"}", 1200)
                .record("orders", "o2", "{\"orderId\":\"o2\",\"status\":\"NEW\"}", 2200)
                .record("orders", "o3", "{\"orderId\":\"o3\",\"status\":\"CONFIRMED\"}", 3200).build();

        CheckResult result = check(FINAL_STATUS).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).isEqualTo("1 of 3 accepted requests never reached a final state");
        assertThat(result.evidence()).singleElement().satisfies(e -> assertThat(e).containsEntry("id", "o2")
                .containsEntry("lastState", "NEW").containsEntry("sentAtMs", 2000L)
                .containsEntry("fault", "window 1 (latency order->payment-1) at 1500"));
    }

    @Test
    void notMatchesEveryStateButTheOneNamedAndAMissingRecordIsStuck() {
        CompletionSubject notNew = new CompletionSubject("orders", "/orderId",
                List.of(new CompletionSubject.Condition("/status", List.of("NEW"), true)), 10_000);
        RunView run = threeAcceptedOneFailed()
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"SHIPPED\"}", 1200)
                .record("orders", "o2", "{\"orderId\":\"o2\",\"status\":\"NEW\"}", 2200).build();

        CheckResult result = check(notNew).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).extracting(e -> e.get("id") + ":" + e.get("lastState"))
                .as("oldest first").containsExactly("o2:NEW", "o3:no record");
    }

    @Test
    void withoutAWhereAnyRecordOfTheIdIsFinal() {
        CompletionSubject anyRecord = new CompletionSubject("orders", "record-key", List.of(), 10_000);
        RunView run = threeAcceptedOneFailed().record("orders", "o1", "{}", 1200).record("orders", "o2", "{}", 2200)
                .record("orders", "o3", "{}", 3200).build();

        assertThat(check(anyRecord).evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void withNothingToFollowItCannotTell() {
        RunView noRecords = threeAcceptedOneFailed().build();
        RunView noIds = new HistoryBuilder().load(0, 10_000, 2000).request(1000, 20, 201, null)
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"NEW\"}", 1100).build();

        assertThat(check(FINAL_STATUS).evaluate(noRecords).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(check(FINAL_STATUS).evaluate(noIds).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(new CompletionCheck(List.of(), 0).evaluate(noRecords).get(0).verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
    }

    @Test
    void stuckRequestsAreNotJudgedWhileAnotherGroupDidNotDrainButAllFinalStillPasses() {
        HistoryBuilder oneNew = threeAcceptedOneFailed()
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"CONFIRMED\"}", 1200)
                .record("orders", "o2", "{\"orderId\":\"o2\",\"status\":\"NEW\"}", 2200)
                .record("orders", "o3", "{\"orderId\":\"o3\",\"status\":\"CONFIRMED\"}", 3200);

        CheckResult undrained = check(FINAL_STATUS).evaluate(oneNew.drainedGroup("order-service", false).build()).get(0);
        CheckResult allFinal = check(FINAL_STATUS).evaluate(threeAcceptedOneFailed()
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"CONFIRMED\"}", 1200)
                .record("orders", "o2", "{\"orderId\":\"o2\",\"status\":\"REJECTED\"}", 2200)
                .record("orders", "o3", "{\"orderId\":\"o3\",\"status\":\"CONFIRMED\"}", 3200)
                .drainedGroup("order-service", false).build()).get(0);

        assertThat(undrained.verdict()).as(undrained.toString()).isEqualTo(Verdict.UNKNOWN);
        assertThat(undrained.summary()).contains("group order-service did not drain");
        assertThat(allFinal.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void stuckRequestsOfAnInterruptedRunAreNotJudged() {
        RunView run = new HistoryBuilder().interruptedLoad(0, 5000, 2000).request(1000, 20, 201, "o1")
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"NEW\"}", 1100).build();

        CheckResult result = check(FINAL_STATUS).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("interrupted");
    }

    @Test
    void aServiceAskedForEachIdGivesTheFinalStatesAndA404IsStuck() {
        CompletionSubject askOrders = CompletionSubject.fromHttp("order", "/orders/{id}",
                List.of(new CompletionSubject.Condition("/state", List.of("PENDING"), true)), 10_000);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        HistoryBuilder history = threeAcceptedOneFailed();
        try {
            history.event(new dev.chaosharness.harness.history.HistoryEvent.FinalRead(9000, askOrders.topic(), "o1", 200,
                    json.readTree("{\"state\":\"PLACED\"}")));
            history.event(new dev.chaosharness.harness.history.HistoryEvent.FinalRead(9000, askOrders.topic(), "o2", 200,
                    json.readTree("{\"state\":\"PENDING\"}")));
            history.event(new dev.chaosharness.harness.history.HistoryEvent.FinalRead(9000, askOrders.topic(), "o3", 404,
                    json.readTree("{}")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        CheckResult result = check(askOrders).evaluate(history.build()).get(0);

        assertThat(result.subject()).isEqualTo("http:order/orders/{id}");
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).extracting(e -> e.get("id") + ":" + e.get("lastState"))
                .containsExactly("o2:PENDING", "o3:HTTP 404");
    }

    /** Rows of a query (as {@code JdbcRowReader} records them) judged like records: by their columns. */
    @Test
    void finalStatesReadFromATablePassWhenEveryAcceptedIdHasItsRowAndFailNamingTheOneWithout() {
        JdbcQuery query = new JdbcQuery("checks.completion", "db", JdbcQuery.POSTGRESQL, "shop", "app", "", "select * from orders",
                java.util.Optional.empty());
        CompletionSubject fromTable = CompletionSubject.fromQuery(query, "order_id",
                List.of(new CompletionSubject.Condition("/status", List.of("CONFIRMED", "REJECTED"), false)), 10_000);

        CheckResult all = check(fromTable).evaluate(threeAcceptedOneFailed().event(row(1, "o1", "CONFIRMED"))
                .event(row(2, "o2", "REJECTED")).event(row(3, "o3", "CONFIRMED")).build()).get(0);
        CheckResult oneMissing = check(fromTable).evaluate(threeAcceptedOneFailed().event(row(1, "o1", "CONFIRMED"))
                .event(row(2, "o3", "CONFIRMED")).build()).get(0);

        assertThat(all.verdict()).as(all.toString()).isEqualTo(Verdict.PASS);
        assertThat(all.subject()).isEqualTo("jdbc:db/shop");
        assertThat(oneMissing.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(oneMissing.measured()).isEqualTo("1 of 3 accepted requests never reached a final state");
        assertThat(oneMissing.evidence()).singleElement().satisfies(e -> assertThat(e).containsEntry("id", "o2"));
    }

    private static dev.chaosharness.harness.history.HistoryEvent.RowRead row(long number, String orderId, String status) {
        return new dev.chaosharness.harness.history.HistoryEvent.RowRead(20_000 + number, "jdbc:db/shop", number, -1,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("order_id", orderId)
                        .put("status", status));
    }

    @Test
    void theSummarySaysWhatItReadsInWordsNotPointers() {
        JdbcQuery postings = new JdbcQuery("checks.completion[0].query", "postgres", JdbcQuery.POSTGRESQL, "ledger", "ledger",
                "ledger", "SELECT transfer_id, status FROM postings", java.util.Optional.empty());
        List<CompletionSubject.Condition> posted = List.of(new CompletionSubject.Condition("/status",
                List.of("POSTED", "REJECTED"), false));

        assertThat(CompletionSubject.fromQuery(postings, "transfer_id", posted, 10_000))
                .hasToString("rows of jdbc:postgres/ledger by transfer_id where status in POSTED, REJECTED");
        assertThat(CompletionSubject.fromHttp("gateway", "/transfers/{id}", posted, 10_000))
                .hasToString("a 2xx answer of gateway to GET /transfers/{id} for each id where /status in POSTED, REJECTED");
        assertThat(new CompletionSubject("orders", "record-key", List.of(), 10_000)).hasToString("records of orders by key");
        assertThat(FINAL_STATUS.toString()).doesNotContain("[");
    }

    /**
     * Another group settled at the start and stayed idle; payment-capture rebalanced 500 ms after o2
     * was sent: that change is the evidence, with no epoch where the protocol has none (-1).
     */
    @Test
    void theGroupChangeShownIsTheOneOnTheRequestsPathAfterItWasSent() {
        RunView run = threeAcceptedOneFailed()
                .groupNamed("stock", 100, "Stable", "stock-1")
                .groupNamed("payment-capture", 200, "Stable", "payment-1", "payment-2")
                .groupNamed("payment-capture", 2500, "PreparingRebalance", "payment-1")
                .groupNamed("payment-capture", 4000, "Stable", "payment-1")
                .event(new dev.chaosharness.harness.history.HistoryEvent.ConsumerLagObserved(3000, "payment-capture", 12))
                .event(new dev.chaosharness.harness.history.HistoryEvent.ConsumerLagObserved(3000, "stock", 0))
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"CONFIRMED\"}", 1200)
                .record("orders", "o3", "{\"orderId\":\"o3\",\"status\":\"CONFIRMED\"}", 3200).build();

        CheckResult result = check(FINAL_STATUS).evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).contains("read as records of orders by /orderId where /status in CONFIRMED, REJECTED");
        assertThat(result.evidence()).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("groupChange", "payment-capture PreparingRebalance, members payment-1, 500 ms after it was sent")
                .containsEntry("groupChangeAtMs", 2500L).doesNotContainKey("groupChangeBefore"));
    }

    /** With no change after it, the last before it; with no lag sampled, any group's. */
    @Test
    void withNoGroupChangeAfterTheSendTheNearestBeforeIsShown() {
        RunView run = threeAcceptedOneFailed().groupNamed("payment-capture", 200, "Stable", "payment-1")
                .record("orders", "o1", "{\"orderId\":\"o1\",\"status\":\"CONFIRMED\"}", 1200)
                .record("orders", "o2", "{\"orderId\":\"o2\",\"status\":\"CONFIRMED\"}", 2200).build();

        assertThat(check(FINAL_STATUS).evaluate(run).get(0).evidence()).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("groupChange", "payment-capture Stable, members payment-1, 2800 ms before it was sent"));
    }
}
