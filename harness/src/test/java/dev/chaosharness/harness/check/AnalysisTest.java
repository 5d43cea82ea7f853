package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
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

    @Test
    void withoutALoadNothingIsJudgedFromTheBoot() {
        // pauses and a lingering JVM while the environment booted, and no request: the run never got to its load
        RunView booted = new HistoryBuilder().service("api-1", 1).gc("api-1", 500, "G1Full", 900, 900).build();
        List<Check> checks = Checks.of(CheckSpec.of(CheckThresholds.defaults(1000, 2000)));

        List<CheckResult> results = Analysis.evaluate(booted, checks);

        assertThat(results).hasSameSizeAs(checks).allSatisfy(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.NOT_APPLICABLE);
            assertThat(r.summary()).isEqualTo("no load ran: nothing to judge");
        });
        assertThat(RunVerdict.judged(results)).as("and it is no pass").isEqualTo(RunVerdict.UNKNOWN);
    }

    @Test
    void withALoadTheSameBootIsJudged() {
        RunView loaded = new HistoryBuilder().service("api-1", 1).environmentUp(1000).gc("api-1", 1500, "G1Full", 900, 900)
                .load(1000, 5000, 2000).request(1200, 10, 200, "a").build();

        List<CheckResult> results = Analysis.evaluate(loaded, List.of(new GcPauseCheck()));

        assertThat(results).extracting(CheckResult::verdict).containsExactly(Verdict.FAIL);
    }

    @Test
    void runVerdictsKeepTheirExitCodesAndSpellings() {
        assertThat(RunVerdict.values()).extracting(RunVerdict::exitCode).containsExactly(0, 1, 2, 3, 130);
        assertThat(RunVerdict.fromExitCode(143)).contains(RunVerdict.INTERRUPTED);
        assertThat(RunVerdict.fromExitCode(65)).isEmpty();
        assertThat(RunVerdict.fromSpelling("aborted")).contains(RunVerdict.ABORTED);
    }
}
