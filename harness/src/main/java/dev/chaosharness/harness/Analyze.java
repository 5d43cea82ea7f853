package dev.chaosharness.harness;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.report.HtmlReport;
import dev.chaosharness.harness.report.ReportIndex;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.settings.HarnessSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code analyze <run-dir>}: re-runs the checks on a stored run, offline, from its history alone,
 * with the thresholds the run recorded; prints each verdict and rewrites
 * {@code verdicts.json} and the run's {@code index.html}. Exits as the experiment command did
 * ({@link RunVerdict}: 0 PASS, 1 FAIL, 2 UNKNOWN, 3 ABORTED, 130 INTERRUPTED).
 */
public final class Analyze {

    private Analyze() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: analyze <run-dir>");
            System.exit(64);
        }
        Path runDir = Path.of(args[0]);
        if (!RunHistory.exists(runDir)) {
            System.err.println(runDir + ": no history.jsonl or history.jsonl.gz here");
            System.exit(66);
        }
        // a run whose harness died is closed first (its end appended, its recordings read); it prints one line
        List<CheckResult> results = Files.isRegularFile(runDir.resolve(RunHistory.FILE_NAME))
                && dev.chaosharness.harness.experiment.DeadRuns.closeIfDead(runDir) ? Analysis.read(runDir)
                : rerun(runDir, HarnessSettings.fromSystemProperties().baseline());
        results.forEach(System.out::println);
        System.out.println("report: " + runDir.resolve(HtmlReport.FILE_NAME));
        RunVerdict overall = RunVerdict.of(HistoryReader.ofType(HistoryReader.readContext(runDir),
                HistoryEvent.RunFinished.class).stream().reduce((a, b) -> b), results);
        System.out.println("overall: " + overall + " (" + runDir.resolve(Analysis.VERDICTS_FILE) + ")");
        System.exit(overall.exitCode());
    }

    /**
     * The checks again over a stored run, judged by the thresholds its history recorded; rewrites
     * its verdicts, its page (compared with {@code baseline}, blank: the previous run) and the runs index beside it.
     */
    public static List<CheckResult> rerun(Path runDir, String baseline) {
        List<CheckResult> results = Analysis.run(runDir, dev.chaosharness.harness.check.Checks.of(declaredChecks(HistoryReader.readContext(runDir))));
        HtmlReport.write(runDir, results, baseline);
        ReportIndex.write(runDir.toAbsolutePath().getParent());
        return results;
    }

    /** What the run declared; a run older than checks-declared events is judged by its recorded thresholds alone. */
    private static CheckSpec declaredChecks(List<HistoryEvent> history) {
        Optional<HistoryEvent.ChecksDeclared> declared = HistoryReader.ofType(history, HistoryEvent.ChecksDeclared.class)
                .stream().findFirst();
        if (declared.isPresent()) {
            return CheckSpec.fromJson(declared.get().checks());
        }
        Map<String, String> parameters = HistoryReader.ofType(history, HistoryEvent.RunStarted.class).stream()
                .map(HistoryEvent.RunStarted::parameters).findFirst().orElse(Map.of());
        long budgetMs = HistoryReader.ofType(history, HistoryEvent.LoadStarted.class).stream()
                .map(HistoryEvent.LoadStarted::budgetMs).findFirst().orElse(2000L);
        return CheckSpec.of(CheckThresholds.fromParameters(parameters, CheckThresholds.defaults(1000, budgetMs)));
    }
}
