package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadLeakCheckTest {

    private final ThreadLeakCheck check = new ThreadLeakCheck(50, List.of());

    @Test
    void threadsBackNearTheBaselinePass() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 40).threads("order-1", 30_000, 90).threads("order-1", 45_000, 70).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.measured()).isEqualTo("40 before, 70 after (+30)");
    }

    @Test
    void aLeakFailsAndNamesTheThreadsThatNeverEnded() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000)
                .threads("order-1", 9_000, 40).threads("order-1", 45_000, 640)
                .lingering("order-1", "order-audit-N", 600).lingering("order-1", "http-nio-N-exec-N", 8).build();

        CheckResult result = check.evaluate(run).get(0);

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.summary()).contains("order-audit-N x600");
        assertThat(result.evidence().get(0)).containsEntry("pattern", "order-audit-N").containsKey("startedBy");
    }

    @Test
    void noSamplesAfterTheLoadIsUnknown() {
        RunView run = new HistoryBuilder().service("order-1", 1).load(10_000, 40_000, 2000).threads("order-1", 9_000, 40).build();

        assertThat(check.evaluate(run).get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
    }
}
