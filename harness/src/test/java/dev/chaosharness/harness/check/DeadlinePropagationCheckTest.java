package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.DeadlineSubject;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinePropagationCheckTest {

    private final DeadlinePropagationCheck check = check(0);

    private static DeadlinePropagationCheck check(int retries) {
        return new DeadlinePropagationCheck(List.of(new DeadlineSubject("order", "payment")),
                List.of(HistoryBuilder.CAPTURE.effects()), 100, 1 + retries);
    }

    private HistoryBuilder base() {
        return new HistoryBuilder().load(0, 60_000, 2000);
    }

    @Test
    void propagatedAndOnTimePasses() {
        RunView run = base().request(1000, 40, 201, "o1").placedOrder("o1", "e1").capture("o1", "e1", "payment-1", 1, 1100)
                .budget("order-1", "o1", 2000, 1995, 5, "PLACED").budget("payment-1", "o1", 1994, -1, -1, "GRANTED").build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aResponseExactlyAtTheBudgetPlusGracePassesAndOneMillisecondMoreFails() {
        RunView atLimit = base().request(1000, 2100, 504, "o1").budget("order-1", "o1", 2000, 1990, 10, "TIMED_OUT").build();
        RunView over = base().request(1000, 2101, 504, "o1").budget("order-1", "o1", 2000, 1990, 10, "TIMED_OUT").build();

        assertThat(check.evaluate(atLimit).get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.evaluate(over).get(0).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aClientTimeoutIsLateAndAnOrderPlacedAfterItIsAnOrphan() {
        RunView run = base().request(1000, 2300, 0, null).placedOrder("o9", "e9").capture("o9", "e9", "payment-1", 1, 4000)
                .budget("order-1", "o9", 2000, 0, 0, "PLACED").budget("payment-1", "o9", -1, -1, -1, "GRANTED").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).contains("1 late").contains("1 calls without the remaining budget")
                .contains("1 orphan calls");
    }

    @Test
    void workForARequestTheInterruptCutOffIsNoOrphanButAFailureTheClientSawStillIs() {
        // o9's client never recorded an answer: the interrupt stopped the load while it was in flight
        RunView interrupted = new HistoryBuilder().interruptedLoad(0, 3000, 2000).request(1000, 40, 201, "o1")
                .budget("order-1", "o1", 2000, 1995, 5, "PLACED").budget("payment-1", "o1", 1994, -1, -1, "GRANTED")
                .budget("order-1", "o9", 2000, 1995, 5, "PLACED").budget("payment-1", "o9", 1994, -1, -1, "GRANTED").build();
        RunView completed = base().request(1000, 40, 201, "o1")
                .budget("order-1", "o1", 2000, 1995, 5, "PLACED").budget("payment-1", "o1", 1994, -1, -1, "GRANTED")
                .budget("order-1", "o9", 2000, 1995, 5, "PLACED").budget("payment-1", "o9", 1994, -1, -1, "GRANTED").build();
        RunView interruptedAfterAFailure = new HistoryBuilder().interruptedLoad(0, 3000, 2000).request(1000, 2000, 504, "o1")
                .budget("order-1", "o1", 2000, 1990, 10, "TIMED_OUT").budget("payment-1", "o1", 1990, -1, -1, "GRANTED").build();

        assertThat(check.evaluate(interrupted).get(0).measured()).contains("0 orphan calls");
        assertThat(check.evaluate(completed).get(0).measured()).as("a load that ended by itself: o9 is an orphan")
                .contains("1 orphan calls");
        assertThat(check.evaluate(interruptedAfterAFailure).get(0).measured()).contains("1 orphan calls");
    }

    @Test
    void paymentGivenMoreThanOrderHadLeftIsNotPropagated() {
        RunView run = base().request(1000, 40, 201, "o1").budget("order-1", "o1", 2000, 1900, 100, "PLACED")
                .budget("payment-1", "o1", 1950, -1, -1, "GRANTED").build();

        assertThat(check.evaluate(run).get(0).measured()).contains("1 calls without the remaining budget");
    }

    @Test
    void authorizingForAFailedOrderIsAnOrphanEvenWithoutCapture() {
        RunView run = base().request(1000, 2000, 504, "o1").budget("order-1", "o1", 2000, 1990, 10, "TIMED_OUT")
                .budget("payment-1", "o1", 1990, -1, -1, "GRANTED").build();

        assertThat(check.evaluate(run).get(0).measured()).contains("1 orphan calls");
    }

    @Test
    void aGrantTheCalleeUndidLaterIsNoOrphanAndItsUndoIsNoSecondCall() {
        RunView run = base().request(1000, 2000, 504, "o1").budget("order-1", "o1", 2000, 1990, 10, "TIMED_OUT")
                .budget("payment-1", "o1", 1990, -1, -1, "GRANTED").undone("payment-1", "o1").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).contains("0 orphan calls (1 more undone by the service)")
                .contains("0 calls without the remaining budget").contains("0 requests called more than");
    }

    @Test
    void anUndoneGrantWhoseEffectStillAppearedIsAnOrphan() {
        RunView run = base().request(1000, 2000, 504, "o9").placedOrder("o9", "e9").capture("o9", "e9", "payment-1", 1, 4000)
                .budget("order-1", "o9", 2000, 1990, 10, "TIMED_OUT").budget("payment-1", "o9", 1990, -1, -1, "GRANTED")
                .undone("payment-1", "o9").build();

        assertThat(check.evaluate(run).get(0).measured()).contains("1 orphan calls (0 more undone");
    }

    @Test
    void fromTheWireAloneCallsWithTheirBudgetAnsweredInTimePass() {
        RunView run = base().entry("order").request(1000, 400, 201, "o1")
                .exchange("order->payment-1", 1100, 1300, 1500, 200).exchange("order->payment-2", 1200, 2600, 1500, 200).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).contains("wire: 2 calls observed, 0 without a budget, 0 answered past their budget");
        assertThat(result.summary()).contains("remaining budget and orphan work not judged");
    }

    @Test
    void fromTheWireACallWithoutTheCallersBudgetFails() {
        RunView run = base().entry("order").request(1000, 400, 201, "o1").exchange("order->payment-1", 1100, 1300, -1, 200).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "no budget on the wire")
                .containsEntry("link", "order->payment-1").containsEntry("requestAtMs", 1100L));
        assertThat(result.figures()).as("the headline figures a later run is compared by")
                .containsEntry("calls without a budget", 1.0).containsEntry("late answers", 0.0);
    }

    @Test
    void fromTheWireAnAnswerPastTheCalleesBudgetFailsUnlessAFaultOnItsLinkMadeItLate() {
        RunView late = base().entry("order").request(1000, 400, 201, "o1").exchange("order->payment-1", 1100, 2800, 1500, 200).build();
        RunView delayed = base().entry("order").request(1000, 400, 201, "o1").exchange("order->payment-1", 1100, 2800, 1500, 200)
                .fault(1, 1000, 5000, "order->payment-1").build();

        assertThat(check.evaluate(late).get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.evaluate(late).get(0).evidence()).anySatisfy(e -> assertThat(e)
                .containsEntry("kind", "callee answered past its budget").containsEntry("answeredAfterMs", 1700L));
        CheckResult underFault = check.evaluate(delayed).get(0);
        assertThat(underFault.verdict()).as(underFault.toString()).isEqualTo(Verdict.PASS);
        assertThat(underFault.measured()).contains("(1 during a fault on the link or callee, not judged for timing)");
    }

    @Test
    void fromTheWireCallsTiedToTheirRequestWithinWhatWasLeftPass() {
        RunView run = base().entry("order").request(1000, 400, 201, "o1", "r1", 2000)
                .exchange("order->payment-1", 1100, 1300, 1890, 200, "r1").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).contains("1 tied to their caller's request: 0 given more than the caller had left, "
                + "0 answered 2xx after the caller's deadline");
        assertThat(result.summary()).contains("never given more than order had left");
    }

    @Test
    void fromTheWireMoreBudgetThanTheCallerHadLeftFailsBeyondGraceAndTransitAllowance() {
        long allowedMs = 1500 + 100 + WireDeadlines.TRANSIT_ALLOWANCE_MS; // remaining at 1500 ms into a 2000 ms budget
        RunView within = base().entry("order").request(1000, 900, 201, "o1", "r1", 2000)
                .exchange("order->payment-1", 1500, 1600, allowedMs, 200, "r1").build();
        RunView over = base().entry("order").request(1000, 900, 201, "o1", "r1", 2000)
                .exchange("order->payment-1", 1500, 1600, allowedMs + 1, 200, "r1").build();

        assertThat(check.evaluate(within).get(0).verdict()).isEqualTo(Verdict.PASS);
        CheckResult result = check.evaluate(over).get(0);
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "more budget than the caller had left")
                .containsEntry("callerRemainingMs", 1500L).containsEntry("correlationId", "r1"));
    }

    @Test
    void aRequestThatWaitedForAFrozenCallerIsNotJudgedForTheBudgetTheCallerCouldNotCount() {
        // order-1 was paused from 1100 to 3000: it read the request at 3000 and gave payment what it had
        RunView frozen = base().entry("order").request(1000, 2900, 201, "o1", "r1", 2000)
                .exchange("order->payment-1", 3010, 3100, 1890, 200, "r1").fault(1, 1100, 3000, "order-1").build();

        CheckResult result = check.evaluate(frozen).get(0);

        assertThat(result.measured()).contains("0 given more than the caller had left");
        assertThat(result.evidence()).noneSatisfy(e -> assertThat(e).containsEntry("kind", "more budget than the caller had left"));
        // and its answer after the client's deadline (3000) is not orphan work the caller could have avoided
        RunView late = base().entry("order").request(1000, 2900, 504, null, "r1", 2000)
                .exchange("order->payment-1", 3010, 3700, 1890, 200, "r1").fault(1, 1100, 3000, "order-1").build();
        assertThat(check.evaluate(late).get(0).measured()).contains("0 answered 2xx after the caller's deadline");
    }

    @Test
    void fromTheWireA2xxAfterTheCallersDeadlineIsOrphanWorkUnlessAFaultHeldIt() {
        // the client gave up at 3000 (504); payment's grant left at 3700, past the deadline + grace + allowance
        RunView orphan = base().entry("order").request(1000, 2000, 504, null, "r1", 2000)
                .exchange("order->payment-1", 1100, 3700, 1890, 200, "r1").build();
        RunView held = base().entry("order").request(1000, 2000, 504, null, "r1", 2000)
                .exchange("order->payment-1", 1100, 3700, 1890, 200, "r1").fault(1, 1000, 5000, "order->payment-1").build();

        CheckResult result = check.evaluate(orphan).get(0);
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.measured()).contains("1 answered 2xx after the caller's deadline");
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "orphan work on the wire")
                .containsEntry("callerDeadlineAtMs", 3000L).containsEntry("answeredAfterMs", 2600L));
        assertThat(check.evaluate(held).get(0).measured()).contains("0 answered 2xx after the caller's deadline");
    }

    @Test
    void fromTheWireACallerThatIsNotTheEntryIsTiedByTheCallsIntoIt() {
        DeadlinePropagationCheck inner = new DeadlinePropagationCheck(List.of(new DeadlineSubject("payment", "bank")),
                List.of(), 100, 0);
        RunView run = base().entry("order").request(1000, 400, 201, "o1", "r1", 2000)
                .exchange("order->payment-1", 1100, 1300, 1000, 200, "r1")
                .exchange("payment->bank-1", 1150, 1200, 5000, 200, "r1").build();

        CheckResult result = inner.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.evidence()).anySatisfy(e -> assertThat(e).containsEntry("kind", "more budget than the caller had left")
                .containsEntry("callerRemainingMs", 950L));
    }

    @Test
    void fromTheWireCallsWithoutACorrelationIdLeaveTheTiedRulesUnjudged() {
        RunView run = base().entry("order").request(1000, 400, 201, "o1", "r1", 2000)
                .exchange("order->payment-1", 1100, 1300, 30_000, 200).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).contains("none tied to its caller's request");
        assertThat(result.summary()).contains("remaining budget and orphan work not judged");
    }

    @Test
    void neitherLinesNorWireIsUnknownWithTheProxysReason() {
        RunView run = base().entry("order").request(1000, 400, 201, "o1").build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).contains("no deadline lines from order").contains("no call observed on the link");
    }

    @Test
    void retriesBeyondTheBudgetFail() {
        RunView run = base().request(1000, 40, 201, "o1").budget("order-1", "o1", 2000, 1990, 10, "PLACED")
                .budget("payment-1", "o1", 1990, -1, -1, "REFUSED_LATE").budget("payment-2", "o1", 1500, -1, -1, "GRANTED").build();

        assertThat(check.evaluate(run).get(0).measured()).contains("1 requests called more than 1 times");
        assertThat(check(1).evaluate(run).get(0).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void noBudgetDataIsUnknown() {
        RunView run = base().request(1000, 40, 201, "o1").build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void evidenceKeepsTheTenLatestRequestsOfManyWorstFirst() {
        HistoryBuilder history = base().budget("order-1", "o0", 2000, 1995, 5, "PLACED");
        for (int i = 0; i < 30; i++) {
            history.request(1000 + i * 100L, 2200 + (i * 7L % 30) * 10, 504, "o" + i);
        }

        CheckResult result = check.evaluate(history.build()).get(0);

        assertThat(result.measured()).contains("30 late of 30");
        assertThat(result.evidence()).filteredOn(e -> "late".equals(e.get("kind"))).extracting(e -> e.get("latencyMs"))
                .as("the ten latest answers, the latest first")
                .containsExactly(2490L, 2480L, 2470L, 2460L, 2450L, 2440L, 2430L, 2420L, 2410L, 2400L);
    }
}
