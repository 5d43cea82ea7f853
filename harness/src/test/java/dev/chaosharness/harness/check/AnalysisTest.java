package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTest {

    private static CheckResult result(Verdict verdict) {
        return new CheckResult("C", "s", verdict, "m", "t", "x", List.of());
    }

    @Test
    void anyFailureFailsTheRun() {
        assertThat(Analysis.overall(List.of(result(Verdict.PASS), result(Verdict.UNKNOWN), result(Verdict.FAIL))))
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void passesWithUnknownsListedButNeverOnNothing() {
        assertThat(Analysis.overall(List.of(result(Verdict.PASS), result(Verdict.UNKNOWN)))).isEqualTo(Verdict.PASS);
        assertThat(Analysis.overall(List.of(result(Verdict.UNKNOWN)))).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.overall(List.of())).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.counts(List.of(result(Verdict.PASS), result(Verdict.UNKNOWN)))).isEqualTo("1 passed, 0 failed, 1 unknown");
    }
}
