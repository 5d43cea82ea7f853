package dev.chaosharness.maven;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What one forked run came to: its verdicts, or why it has none. */
record RunJudgement(RunRecord record, List<CheckResult> verdicts) {

    static RunJudgement of(RunRecord record) {
        Path dir = record.runDirectory().isEmpty() ? null : Path.of(record.runDirectory());
        boolean judged = dir != null && Files.isRegularFile(dir.resolve(Analysis.VERDICTS_FILE));
        return new RunJudgement(record, judged ? Analysis.read(dir) : List.of());
    }

    /** PASS only when the harness exited 0 after judging every applicable check PASS. */
    Verdict overall() {
        if (verdicts.isEmpty() || record.exitCode() == 64 || record.exitCode() == 65 || record.exitCode() >= 128) {
            return Verdict.FAIL;
        }
        return Analysis.overall(verdicts);
    }

    List<CheckResult> withVerdict(Verdict verdict) {
        return verdicts.stream().filter(v -> v.verdict() == verdict).toList();
    }

    /** e.g. {@code ledger-churn.yaml: PASS (9 passed, 0 failed, 2 unknown) -> target/chaos-reports/.../index.html}. */
    String line() {
        String name = record.experimentFile().getFileName().toString();
        if (record.runDirectory().isEmpty()) {
            return name + ": NOT STARTED (exit code " + record.exitCode() + "; the file's error is in the log above)";
        }
        String report = Path.of(record.runDirectory()).resolve("index.html").toString();
        if (verdicts.isEmpty()) {
            return name + ": ABORTED (exit code " + record.exitCode() + ", no verdicts) -> " + report;
        }
        String state = record.exitCode() >= 128 ? "INTERRUPTED" : Analysis.overall(verdicts).name();
        return name + ": " + state + " (" + Analysis.counts(verdicts) + ") -> " + report;
    }
}
