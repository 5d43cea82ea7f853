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

    /**
     * One check subject in both runs: its verdict then and now (null where a run has no such
     * subject) and its figures. The verdict belongs to the subject, not to any one of its figures: a
     * subject whose duplicates went 0 -> 3 and whose lost stayed 0 -> 0 changed its verdict once.
     */
    public record Subject(String check, String subject, Verdict verdictBefore, Verdict verdictNow, List<Figure> figures) {

        public Subject {
            figures = List.copyOf(figures);
        }

        /** Judged in both runs, differently: a subject new in this run (or gone from it) changed no verdict. */
        public boolean verdictChanged() {
            return verdictBefore != null && verdictNow != null && verdictBefore != verdictNow;
        }
    }

    /** One figure of one check subject, before and now; null where a run has no such figure. */
    public record Figure(String name, Double before, Double now) {

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

    /**
     * Every check subject of either run with figures or a changed verdict, as the run now lists
     * them, then those gone.
     */
    public static List<Subject> subjects(List<CheckResult> now, List<CheckResult> before) {
        Map<String, CheckResult> earlier = new LinkedHashMap<>();
        before.forEach(r -> earlier.putIfAbsent(key(r), r));
        List<Subject> subjects = new ArrayList<>();
        for (CheckResult result : now) {
            CheckResult then = earlier.remove(key(result));
            Map<String, Double> thenFigures = then == null ? Map.of() : then.figures();
            List<Figure> figures = new ArrayList<>();
            result.figures().forEach((name, value) -> figures.add(new Figure(name, thenFigures.get(name), value)));
            thenFigures.forEach((name, value) -> {
                if (!result.figures().containsKey(name)) {
                    figures.add(new Figure(name, value, null));
                }
            });
            Subject subject = new Subject(result.check(), result.subject(), then == null ? null : then.verdict(),
                    result.verdict(), figures);
            if (!figures.isEmpty() || (then != null && subject.verdictChanged())) {
                subjects.add(subject);
            }
        }
        for (CheckResult gone : earlier.values()) {
            List<Figure> figures = new ArrayList<>();
            gone.figures().forEach((name, value) -> figures.add(new Figure(name, value, null)));
            if (!figures.isEmpty()) {
                subjects.add(new Subject(gone.check(), gone.subject(), gone.verdict(), null, figures));
            }
        }
        return subjects;
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
        List<Subject> subjects = subjects(now, Analysis.read(then));
        out.append("<table id=\"compared\"><thead><tr><th>check</th><th>subject</th><th>verdict</th><th>figure</th>"
                + "<th>then</th><th>now</th><th>change</th></tr></thead><tbody>\n");
        subjects.forEach(subject -> row(out, subject));
        if (subjects.isEmpty()) {
            out.append("<tr><td colspan=\"7\">neither run has figures to compare</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");
    }

    /** A subject's rows: its check, name and verdict once (spanning its figures), then a row per figure. */
    private static void row(StringBuilder out, Subject subject) {
        int span = Math.max(1, subject.figures().size());
        String rowspan = span > 1 ? " rowspan=\"" + span + "\"" : "";
        out.append("<tr><td").append(rowspan).append('>').append(Html.esc(subject.check())).append("</td><td").append(rowspan)
                .append('>').append(Html.esc(subject.subject())).append("</td><td").append(rowspan)
                .append(subject.verdictChanged() ? " class=\"verdict-changed\">" + verdict(subject.verdictBefore())
                        + " &rarr; " + verdict(subject.verdictNow()) : ">" + verdict(subject.verdictNow())).append("</td>");
        if (subject.figures().isEmpty()) {
            out.append("<td></td><td>&ndash;</td><td>&ndash;</td><td></td></tr>\n");
            return;
        }
        for (int i = 0; i < subject.figures().size(); i++) {
            Figure figure = subject.figures().get(i);
            out.append(i == 0 ? "" : "<tr>").append("<td>").append(Html.esc(figure.name())).append("</td><td>")
                    .append(figure(figure.before())).append("</td><td>").append(figure(figure.now()))
                    .append("</td><td class=\"").append(figure.change()).append("\">").append(figure.change()).append("</td></tr>\n");
        }
    }

    private static String figure(Double value) {
        return value == null ? "&ndash;" : Html.num(value);
    }

    private static String verdict(Verdict verdict) {
        return verdict == null ? "&ndash;" : verdict.name();
    }
}
