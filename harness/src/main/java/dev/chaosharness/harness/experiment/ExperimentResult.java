package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended. {@code gatlingExitCode} is Gatling's (0 ok, 2 assertions failed);
 * {@code drained} tells whether every judged group consumed its source topic before the topics were read;
 * {@code verdicts} are the checks' results. The run fails exactly when a check fails.
 */
public record ExperimentResult(RunDirectory runDir, int gatlingExitCode, Path gatlingReport, boolean drained,
                               long environmentStartupMs, List<CheckResult> verdicts) {

    public ExperimentResult {
        verdicts = List.copyOf(verdicts);
    }

    public Verdict overall() {
        return Analysis.overall(verdicts);
    }

    /** PASS, FAIL or UNKNOWN: a run that returns a result ended by itself. */
    public RunVerdict runVerdict() {
        return RunVerdict.judged(verdicts);
    }

    public boolean passed() {
        return overall() != Verdict.FAIL;
    }

    /** The results of one check, e.g. {@code GcPauseCheck}. */
    public List<CheckResult> verdictsOf(String check) {
        return verdicts.stream().filter(v -> v.check().equals(check)).toList();
    }

    public ExperimentResult withVerdicts(List<CheckResult> newVerdicts) {
        return new ExperimentResult(runDir, gatlingExitCode, gatlingReport, drained, environmentStartupMs, newVerdicts);
    }

    public Path history() {
        return RunHistory.storedFile(runDir.path());
    }
}
