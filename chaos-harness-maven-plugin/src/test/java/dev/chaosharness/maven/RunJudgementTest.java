package dev.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJudgementTest {

    @TempDir
    Path reports;

    private RunRecord run(String name, int exitCode, Verdict... verdicts) throws IOException {
        Path dir = Files.createDirectories(reports.resolve(name));
        List<CheckResult> results = java.util.Arrays.stream(verdicts)
                .map(v -> new CheckResult("C" + v, "s", v, "m", "t", "why", List.of())).toList();
        new ObjectMapper().writeValue(dir.resolve("verdicts.json").toFile(), results);
        return new RunRecord(Path.of(name + ".yaml"), dir.toString(), exitCode);
    }

    @Test
    void theRecordsReadBackAsWritten() throws IOException {
        List<RunRecord> records = List.of(run("a", 0, Verdict.PASS), new RunRecord(Path.of("/x/b.yaml"), "", 65));

        RunRecord.writeAll(reports, records);

        assertThat(RunRecord.readAll(reports)).isEqualTo(records);
    }

    @Test
    void aRunWithoutAnEndInItsHistoryIsToldByItsExitCode() throws IOException {
        assertThat(RunJudgement.of(run("pass", 0, Verdict.PASS, Verdict.NOT_APPLICABLE)).overall()).isEqualTo(RunVerdict.PASS);
        assertThat(RunJudgement.of(run("unknown", 2, Verdict.PASS, Verdict.UNKNOWN)).overall()).isEqualTo(RunVerdict.UNKNOWN);
        RunJudgement failed = RunJudgement.of(run("fail", 1, Verdict.PASS, Verdict.FAIL));
        assertThat(failed.overall()).isEqualTo(RunVerdict.FAIL);
        assertThat(failed.withVerdict(Verdict.FAIL)).extracting(CheckResult::check).containsExactly("CFAIL");
        RunJudgement interrupted = RunJudgement.of(run("interrupted", 143, Verdict.PASS));
        assertThat(interrupted.overall()).isEqualTo(RunVerdict.INTERRUPTED);
        assertThat(interrupted.line()).contains("INTERRUPTED");
        RunJudgement died = RunJudgement.of(run("died", 137, Verdict.PASS));
        assertThat(died.overall()).as("killed: no end, an exit code that is no verdict").isEqualTo(RunVerdict.ABORTED);
        assertThat(died.line()).contains("ABORTED: the harness exited with code 137");
        RunJudgement notStarted = RunJudgement.of(new RunRecord(Path.of("bad.yaml"), "", 65));
        assertThat(notStarted.verdict()).isEmpty();
        assertThat(notStarted.line()).startsWith("bad.yaml: NOT STARTED (exit code 65");
    }

    @Test
    void anAbortedRunIsAbortedWithTheReasonItsHistoryGivesNeverItsCheckResults() throws IOException {
        RunRecord record = run("aborted", 3, Verdict.NOT_APPLICABLE);
        try (RunHistory history = RunHistory.open(Path.of(record.runDirectory()))) {
            history.append(new HistoryEvent.RunFinished(1L, "aborted",
                    "payment-2 (service payment) was not ready within 60 s: still waiting for consumer group payment stable"));
        }

        RunJudgement aborted = RunJudgement.of(record);

        assertThat(aborted.overall()).isEqualTo(RunVerdict.ABORTED);
        assertThat(aborted.line()).startsWith("aborted.yaml: ABORTED: payment-2 (service payment) was not ready within 60 s");
    }
}
