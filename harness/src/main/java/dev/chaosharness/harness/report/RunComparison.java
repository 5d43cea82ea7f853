package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.settings.HarnessSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run beside an earlier run of the same experiment: each check subject's headline figures
 * ({@link CheckResult#figures()}, where lower is better) now and then, with the direction of
 * change, and every verdict that changed. The earlier run is the previous one in the same reports
 * directory, or the baseline the settings name ({@code -Dchaos.baseline=<run dir>}).
 */
public final class RunComparison {

    public static final String BASELINE_PROPERTY = HarnessSettings.BASELINE;

    /** One figure of one check subject, before and now; null where a run has no such figure. */
    public record Row(String check, String subject, String figure, Double before, Double now, Verdict verdictBefore,
                      Verdict verdictNow) {

        /** {@code worse}, {@code better} or {@code same} (equal to a tenth); {@code new} or {@code gone}. */
        public String change() {
            if (before == null) {
                return "new";
            }
            if (now == null) {
                return "gone";
            }
            long then = Math.round(before * 10);
            long today = Math.round(now * 10);
            return today > then ? "worse" : today < then ? "better" : "same";
        }

        public boolean verdictChanged() {
            return verdictBefore != verdictNow;
        }
    }

    private RunComparison() {
    }

    /**
     * The run to compare {@code runDir} with: the directory {@code chosen} names, else (blank) the
     * newest earlier run of the same experiment beside it that has verdicts.
     */
    public static Optional<Path> baselineFor(Path runDir, String chosen) {
        return chosen.isBlank() ? previous(runDir) : Optional.of(checkedBaseline(chosen, runDir.getParent()));
    }

    /**
     * The named baseline: a run directory, or a run id in the reports directory; else an error
     * naming the property and what is missing.
     */
    public static Path checkedBaseline(String chosen, Path reportsDir) {
        Path given = Path.of(chosen).toAbsolutePath().normalize();
        Path reports = reportsDir.toAbsolutePath().normalize();
        for (Path dir : List.of(given, reports.resolve(given.getFileName()))) {
            if (Files.isRegularFile(dir.resolve(Analysis.VERDICTS_FILE))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("-D" + BASELINE_PROPERTY + "=" + chosen + ": " + given
                + " is not a run directory with " + Analysis.VERDICTS_FILE + ", nor is " + reports.resolve(given.getFileName()));
    }

    /** The newest run before {@code runDir} of the same experiment, with verdicts. */
    public static Optional<Path> previous(Path runDir) {
        String name = runDir.getFileName().toString();
        Optional<String> experiment = RunDirectory.experimentOf(name);
        if (experiment.isEmpty() || runDir.getParent() == null) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(runDir.getParent())) {
            return runs.filter(p -> p.getFileName().toString().compareTo(name) < 0)
                    .filter(p -> RunDirectory.experimentOf(p.getFileName().toString()).equals(experiment))
                    .filter(p -> Files.isRegularFile(p.resolve(Analysis.VERDICTS_FILE)))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir.getParent(), e);
        }
    }

    /** Every figure of every check subject in either run, as the run now lists them, then those gone. */
    public static List<Row> rows(List<CheckResult> now, List<CheckResult> before) {
        Map<String, CheckResult> earlier = new LinkedHashMap<>();
        before.forEach(r -> earlier.putIfAbsent(key(r), r));
        List<Row> rows = new ArrayList<>();
        for (CheckResult result : now) {
            CheckResult then = earlier.remove(key(result));
            Map<String, Double> thenFigures = then == null ? Map.of() : then.figures();
            Verdict thenVerdict = then == null ? null : then.verdict();
            for (Map.Entry<String, Double> figure : result.figures().entrySet()) {
                rows.add(new Row(result.check(), result.subject(), figure.getKey(), thenFigures.get(figure.getKey()),
                        figure.getValue(), thenVerdict, result.verdict()));
            }
            thenFigures.keySet().stream().filter(f -> !result.figures().containsKey(f)).forEach(f -> rows.add(
                    new Row(result.check(), result.subject(), f, thenFigures.get(f), null, thenVerdict, result.verdict())));
            if (result.figures().isEmpty() && thenFigures.isEmpty() && then != null && then.verdict() != result.verdict()) {
                rows.add(new Row(result.check(), result.subject(), "", null, null, thenVerdict, result.verdict()));
            }
        }
        for (CheckResult gone : earlier.values()) {
            gone.figures().forEach((f, v) -> rows.add(new Row(gone.check(), gone.subject(), f, v, null, gone.verdict(), null)));
        }
        return rows;
    }

    private static String key(CheckResult result) {
        return result.check() + "[" + result.subject() + "]";
    }

    /** The report's comparison section. */
    static void render(StringBuilder out, Path runDir, List<CheckResult> now, String chosen) {
        out.append("<section id=\"comparison\"><h2>Compared with an earlier run</h2>\n");
        Optional<Path> baseline;
        try {
            baseline = baselineFor(runDir, chosen);
        } catch (RuntimeException e) {
            out.append("<p class=\"hint\">").append(Html.esc(e.getMessage())).append("</p></section>\n");
            return;
        }
        if (baseline.isEmpty()) {
            out.append("<p class=\"hint\">No earlier run of this experiment in ").append(Html.esc(runDir.getParent()))
                    .append(" (or name one with <code>-D").append(BASELINE_PROPERTY).append("=&lt;run dir&gt;</code>).</p></section>\n");
            return;
        }
        Path then = baseline.get();
        String relative = runDir.getParent() != null && then.getParent() != null
                && then.getParent().toAbsolutePath().normalize().equals(runDir.getParent().toAbsolutePath().normalize())
                ? "../" + then.getFileName() + "/" + HtmlReport.FILE_NAME : then.resolve(HtmlReport.FILE_NAME).toUri().toString();
        out.append("<p class=\"hint\">").append(chosen.isBlank() ? "The previous run"
                : "The baseline (-D" + BASELINE_PROPERTY + ")").append(": <a href=\"").append(Html.esc(relative)).append("\">")
                .append(Html.esc(then.getFileName())).append("</a>. For every figure lower is better.</p>\n");
        List<Row> rows = rows(now, Analysis.read(then));
        out.append("<table id=\"compared\"><thead><tr><th>check</th><th>subject</th><th>figure</th><th>then</th><th>now</th>"
                + "<th>change</th><th>verdict</th></tr></thead><tbody>\n");
        for (Row row : rows) {
            out.append("<tr class=\"").append(row.change()).append(row.verdictChanged() ? " verdict-changed" : "")
                    .append("\"><td>").append(Html.esc(row.check())).append("</td><td>").append(Html.esc(row.subject()))
                    .append("</td><td>").append(Html.esc(row.figure())).append("</td><td>").append(figure(row.before()))
                    .append("</td><td>").append(figure(row.now())).append("</td><td>")
                    .append(row.figure().isEmpty() ? "" : row.change()).append("</td><td>")
                    .append(row.verdictChanged() ? verdict(row.verdictBefore()) + " &rarr; " + verdict(row.verdictNow())
                            : verdict(row.verdictNow())).append("</td></tr>\n");
        }
        if (rows.isEmpty()) {
            out.append("<tr><td colspan=\"7\">neither run has figures to compare</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");
    }

    private static String figure(Double value) {
        return value == null ? "&ndash;" : Html.num(value);
    }

    private static String verdict(Verdict verdict) {
        return verdict == null ? "&ndash;" : verdict.name();
    }
}
