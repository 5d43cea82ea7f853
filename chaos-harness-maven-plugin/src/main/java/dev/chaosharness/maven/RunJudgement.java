package dev.chaosharness.maven;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one forked run came to: its {@link RunVerdict} and verdicts, why it was aborted, or that
 * it never started (a file error). The run's history says how it ended; a run whose history has
 * no end is told by the harness's exit code, and is ABORTED when that says nothing either.
 *
 * @param verdict empty when the run did not start
 * @param reason  why an aborted run was aborted (empty otherwise)
 */
record RunJudgement(RunRecord record, Optional<RunVerdict> verdict, String reason, List<CheckResult> verdicts) {

    static RunJudgement of(RunRecord record) {
        if (record.runDirectory().isEmpty()) {
            return new RunJudgement(record, Optional.empty(), "", List.of());
        }
        Path dir = Path.of(record.runDirectory());
        List<CheckResult> verdicts = Files.isRegularFile(dir.resolve(Analysis.VERDICTS_FILE)) ? Analysis.read(dir) : List.of();
        Optional<HistoryEvent.RunFinished> finished = RunHistory.exists(dir)
                ? HistoryReader.ofType(HistoryReader.readContext(dir), HistoryEvent.RunFinished.class).stream().reduce((a, b) -> b)
                : Optional.empty();
        RunVerdict verdict = finished.isPresent() ? RunVerdict.of(finished, verdicts) : byExitCode(record.exitCode(), verdicts);
        String reason = verdict != RunVerdict.ABORTED ? "" : finished.map(HistoryEvent.RunFinished::message)
                .orElse("the harness exited with code " + record.exitCode() + " and its history has no end");
        return new RunJudgement(record, Optional.of(verdict), reason, verdicts);
    }

    private static RunVerdict byExitCode(int exitCode, List<CheckResult> verdicts) {
        RunVerdict said = RunVerdict.fromExitCode(exitCode).orElse(RunVerdict.ABORTED);
        if (said == RunVerdict.INTERRUPTED) {
            return said;
        }
        return said == RunVerdict.ABORTED || verdicts.isEmpty() ? RunVerdict.ABORTED : RunVerdict.judged(verdicts);
    }

    /** PASS only when the run ended by itself and every applicable check passed; a run that did not start is ABORTED. */
    RunVerdict overall() {
        return verdict.orElse(RunVerdict.ABORTED);
    }

    List<CheckResult> withVerdict(Verdict wanted) {
        return verdicts.stream().filter(v -> v.verdict() == wanted).toList();
    }

    /** e.g. {@code ledger-churn.yaml: PASS (9 passed, 0 failed, 0 unknown) -> target/chaos-reports/.../index.html}. */
    String line() {
        String name = record.experimentFile().getFileName().toString();
        if (verdict.isEmpty()) {
            return name + ": NOT STARTED (exit code " + record.exitCode() + "; the file's error is in the log above)";
        }
        String report = Path.of(record.runDirectory()).resolve("index.html").toString();
        if (verdict.get() == RunVerdict.ABORTED) {
            return name + ": ABORTED: " + reason + " -> " + report;
        }
        return name + ": " + verdict.get() + " (" + Analysis.counts(verdicts) + ") -> " + report;
    }
}
