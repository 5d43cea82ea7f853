package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateDeliveryCheckTest {

    private final DuplicateDeliveryCheck check = new DuplicateDeliveryCheck();

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
            assertThat(e.get("orderId")).isEqualTo("o1");
            assertThat((String) e.get("attributedTo")).contains("rebalance seen at 3300");
            assertThat((List<?>) e.get("captures")).hasSize(2);
        });
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

        assertThat(new DuplicateDeliveryCheck(1).evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void anOrderAnswered201ButNeverCapturedIsLost() {
        RunView run = twoOrders().capture("o1", "e1", "payment-1", 1, 1100).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).contains("1 lost");
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "lost").containsEntry("orderId", "o2"));
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
}
