package dev.chaosharness.harness;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Checks;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.report.HtmlReport;
import dev.chaosharness.harness.report.ReportIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code analyze <run-dir> [--slo-p99-ms N]}: re-runs the checks on a stored run, offline, from its
 * history alone (the SLO defaults to the one the run recorded); prints each verdict and rewrites
 * {@code verdicts.json} and the run's {@code index.html}. Exit code 1 when a check failed.
 */
public final class Analyze {

    private Analyze() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: analyze <run-dir> [--slo-p99-ms N]");
            System.exit(64);
        }
        Path runDir = Path.of(args[0]);
        if (!Files.isRegularFile(runDir.resolve("history.jsonl"))) {
            System.err.println(runDir + ": no history.jsonl here");
            System.exit(66);
        }
        long sloP99Ms = args.length >= 3 && args[1].equals("--slo-p99-ms") ? Long.parseLong(args[2])
                : HistoryReader.ofType(HistoryReader.read(runDir), HistoryEvent.RunStarted.class).stream()
                        .map(r -> r.parameters().get("sloP99Ms")).filter(v -> v != null).map(Long::parseLong)
                        .findFirst().orElse(1000L);
        long budgetMs = HistoryReader.ofType(HistoryReader.read(runDir), HistoryEvent.LoadStarted.class).stream()
                .map(HistoryEvent.LoadStarted::budgetMs).findFirst().orElse(2000L);
        List<CheckResult> results = Analysis.run(runDir, Checks.defaults(sloP99Ms, budgetMs));
        results.forEach(System.out::println);
        System.out.println("report: " + HtmlReport.write(runDir, results));
        ReportIndex.write(runDir.toAbsolutePath().getParent());
        Verdict overall = Analysis.overall(results);
        System.out.println("overall: " + overall + " (" + runDir.resolve(Analysis.VERDICTS_FILE) + ")");
        System.exit(overall == Verdict.FAIL ? 1 : 0);
    }
}
