package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsAppliedCheckTest {

    private final FaultsAppliedCheck check = new FaultsAppliedCheck();

    @Test
    void everyWindowAppliedAndRolledBackPasses() {
        CheckResult result = check.evaluate(new HistoryBuilder().load(0, 30_000, 2000).fault(1, 5_000, 8_000).build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).isEqualTo("1 windows applied, 0 could not be applied, 0 could not be rolled back");
    }

    @Test
    void aWindowThatCouldNotBeAppliedLeavesTheRunUntestedSoUnknownNeverPass() {
        CheckResult result = check.evaluate(new HistoryBuilder().load(0, 30_000, 2000).fault(1, 5_000, 8_000)
                .event(new HistoryEvent.FaultFailed(12_000, 2, "kill", "apply", "kill writer-1: './ledger.sh kill writer-1' exited 1"))
                .build()).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.summary()).startsWith("the run did not do what its profile declares (window 2, kill: kill writer-1");
        assertThat(result.evidence()).singleElement().satisfies(row -> assertThat(row).containsEntry("kind", "could not apply"));
    }

    @Test
    void aFailedRecoveryIsTheSystemsAndARunWithoutWindowsHasNothingToJudge() {
        RunView recovered = new HistoryBuilder().load(0, 30_000, 2000).fault(1, 5_000, 8_000)
                .event(new HistoryEvent.FaultFailed(9_000, 1, "pause", "recover", "payment-2 was not ready within 60 s")).build();

        assertThat(check.evaluate(recovered)).extracting(CheckResult::verdict).containsExactly(Verdict.PASS);
        assertThat(check.evaluate(new HistoryBuilder().load(0, 30_000, 2000).build()))
                .extracting(CheckResult::verdict).isEqualTo(List.of(Verdict.NOT_APPLICABLE));
    }
}
