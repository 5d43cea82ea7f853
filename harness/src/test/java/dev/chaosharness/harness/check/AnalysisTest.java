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
    void anUnknownIsNeverAPass() {
        assertThat(Analysis.overall(List.of(result(Verdict.PASS), result(Verdict.UNKNOWN)))).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.overall(List.of(result(Verdict.UNKNOWN), result(Verdict.PASS)))).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.overall(List.of(result(Verdict.UNKNOWN)))).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.counts(List.of(result(Verdict.PASS), result(Verdict.UNKNOWN)))).isEqualTo("1 passed, 0 failed, 1 unknown");
    }

    @Test
    void passesOnlyWhenEveryApplicableResultPassed() {
        assertThat(Analysis.overall(List.of(result(Verdict.PASS), result(Verdict.PASS)))).isEqualTo(Verdict.PASS);
        assertThat(Analysis.overall(List.of(result(Verdict.PASS), result(Verdict.NOT_APPLICABLE)))).isEqualTo(Verdict.PASS);
        assertThat(Analysis.overall(List.of(result(Verdict.NOT_APPLICABLE), result(Verdict.FAIL)))).isEqualTo(Verdict.FAIL);
    }

    @Test
    void nothingApplicableIsUnknown() {
        assertThat(Analysis.overall(List.of())).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.overall(List.of(result(Verdict.NOT_APPLICABLE)))).isEqualTo(Verdict.UNKNOWN);
        assertThat(Analysis.counts(List.of(result(Verdict.PASS), result(Verdict.NOT_APPLICABLE))))
                .isEqualTo("1 passed, 0 failed, 0 unknown, 1 not applicable");
    }
}
