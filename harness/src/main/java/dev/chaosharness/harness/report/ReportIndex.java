package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code reports/index.html}: per experiment, the trend of its headline figures over its last
 * runs (inline SVG, nothing fetched), then every run with its verdicts, newest first; a run whose
 * overall verdict differs from the previous run of its experiment is marked.
 */
public final class ReportIndex {

    /** How many runs of an experiment its trend shows. */
    static final int TREND_RUNS = 12;

    /** One run as the index shows it. */
    record Run(Path dir, String experiment, String profile, RunOutcome outcome, List<CheckResult> verdicts) {
        String name() {
            return dir.getFileName().toString();
        }
    }

    private ReportIndex() {
    }

    public static Path write(Path reportsDir) {
        List<Run> runs = runs(reportsDir);
        Map<String, List<Run>> byExperiment = runs.stream().collect(Collectors.groupingBy(Run::experiment, TreeMap::new,
                Collectors.toList()));
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Runs</title>"
                + "<style>" + HtmlReport.STYLE + "</style></head><body><h1>Runs</h1>\n");
        trends(out, byExperiment);
        out.append("<section><h2>Every run</h2><table id=\"runs\"><thead><tr><th>run</th><th>experiment</th><th>profile</th>"
                + "<th>verdict</th><th>failed checks</th></tr></thead><tbody>\n");
        for (int i = runs.size() - 1; i >= 0; i--) {
            row(out, runs.get(i), previousOf(runs, i));
        }
        out.append("</tbody></table></section></body></html>\n");
        Path file = reportsDir.resolve("index.html");
        try {
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Every run directory, oldest first. */
    static List<Run> runs(Path reportsDir) {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> children = Files.isDirectory(reportsDir) ? Files.list(reportsDir) : Stream.empty()) {
            children.filter(RunHistory::exists).forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + reportsDir, e);
        }
        dirs.sort(Comparator.comparing((Path p) -> p.getFileName().toString()));
        return dirs.stream().map(ReportIndex::run).toList();
    }

    private static Run run(Path dir) {
        String experiment = "?";
        String profile = "?";
        Optional<HistoryEvent.RunFinished> finished = Optional.empty();
        try {
            List<HistoryEvent> history = HistoryReader.readContext(dir);
            HistoryEvent.RunStarted started = HistoryReader.ofType(history, HistoryEvent.RunStarted.class)
                    .stream().findFirst().orElse(null);
            if (started != null) {
                experiment = started.experiment();
                profile = started.profile();
            }
            finished = HistoryReader.ofType(history, HistoryEvent.RunFinished.class).stream().reduce((a, b) -> b);
        } catch (RuntimeException e) {
            experiment = "unreadable history";
        }
        List<CheckResult> verdicts = Files.exists(dir.resolve(Analysis.VERDICTS_FILE)) ? Analysis.read(dir) : List.of();
        return new Run(dir, experiment, profile, RunOutcome.of(finished, verdicts), verdicts);
    }

    private static Optional<Run> previousOf(List<Run> runs, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (runs.get(i).experiment().equals(runs.get(index).experiment())) {
                return Optional.of(runs.get(i));
            }
        }
        return Optional.empty();
    }

    private static void row(StringBuilder out, Run run, Optional<Run> previous) {
        String failed = !run.outcome().reason().isEmpty() ? "aborted: " + run.outcome().reason()
                : String.join(", ", run.verdicts().stream().filter(v -> v.verdict() == Verdict.FAIL)
                        .map(v -> v.check() + " (" + v.subject() + ")").distinct().toList());
        String link = Files.exists(run.dir().resolve(HtmlReport.FILE_NAME)) ? run.name() + "/" + HtmlReport.FILE_NAME
                : run.name() + "/" + RunHistory.storedFile(run.dir()).getFileName();
        String changed = previous.filter(p -> !p.outcome().label().equals(run.outcome().label()))
                .map(p -> " <span class=\"changed\">(was " + p.outcome().label() + ")</span>").orElse("");
        out.append("<tr><td><a href=\"").append(Html.esc(link)).append("\">").append(Html.esc(run.name())).append("</a></td><td>")
                .append(Html.esc(run.experiment())).append("</td><td>").append(Html.esc(run.profile()))
                .append("</td><td><span class=\"verdict ").append(run.outcome().cssClass()).append("\">")
                .append(run.outcome().label()).append("</span>").append(changed).append("</td><td>").append(Html.esc(failed))
                .append("</td></tr>\n");
    }

    /**
     * Per experiment with two runs or more: each headline figure over its last runs, the worst
     * subject's value per run (lower is better), a marked point where the verdict changed.
     */
    private static void trends(StringBuilder out, Map<String, List<Run>> byExperiment) {
        out.append("<section id=\"trends\"><h2>Trends</h2><p class=\"hint\">Per experiment, its last ").append(TREND_RUNS)
                .append(" runs, oldest to newest; each figure is its worst subject's value in the run (lower is better). "
                        + "Marked points: the run's verdict differs from the run before it.</p>\n");
        boolean any = false;
        for (Map.Entry<String, List<Run>> experiment : byExperiment.entrySet()) {
            List<Run> runs = experiment.getValue().stream().filter(r -> !r.verdicts().isEmpty()).toList();
            runs = runs.subList(Math.max(0, runs.size() - TREND_RUNS), runs.size());
            Map<String, List<Double>> series = series(runs);
            if (runs.size() < 2 || series.isEmpty()) {
                continue;
            }
            any = true;
            out.append("<h3>").append(Html.esc(experiment.getKey())).append(" <small>").append(runs.size())
                    .append(" runs</small></h3>\n<table class=\"trend\"><thead><tr><th>figure</th><th>trend</th><th>first</th>"
                            + "<th>last</th></tr></thead><tbody>\n");
            List<Boolean> changed = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                changed.add(i > 0 && !runs.get(i).outcome().label().equals(runs.get(i - 1).outcome().label()));
            }
            for (Map.Entry<String, List<Double>> figure : series.entrySet()) {
                out.append("<tr><td>").append(Html.esc(figure.getKey())).append("</td><td>")
                        .append(sparkline(figure.getValue(), changed, runs)).append("</td><td>")
                        .append(value(figure.getValue().get(0))).append("</td><td>")
                        .append(value(figure.getValue().get(figure.getValue().size() - 1))).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        if (!any) {
            out.append("<p class=\"hint\">No experiment has two judged runs yet.</p>\n");
        }
        out.append("</section>\n");
    }

    /** Figure name -> one value per run (null where a run has none), the worst subject's. */
    static Map<String, List<Double>> series(List<Run> runs) {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (CheckResult result : runs.get(i).verdicts()) {
                for (Map.Entry<String, Double> figure : result.figures().entrySet()) {
                    List<Double> values = series.computeIfAbsent(figure.getKey(), k -> new ArrayList<>());
                    while (values.size() <= i) {
                        values.add(null);
                    }
                    Double current = values.get(i);
                    values.set(i, current == null ? figure.getValue() : Math.max(current, figure.getValue()));
                }
            }
        }
        series.values().forEach(values -> {
            while (values.size() < runs.size()) {
                values.add(null);
            }
        });
        return series;
    }

    /** A 160x28 polyline of the values, a circle per run with its name and value as a tooltip. */
    static String sparkline(List<Double> values, List<Boolean> changed, List<Run> runs) {
        double max = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0);
        double min = values.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).min().orElse(0);
        double span = max - min == 0 ? 1 : max - min;
        double step = values.size() < 2 ? 0 : 150.0 / (values.size() - 1);
        StringBuilder points = new StringBuilder();
        StringBuilder circles = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                continue;
            }
            String x = Html.num(5 + i * step);
            String y = Html.num(24 - (values.get(i) - min) / span * 20);
            points.append(x).append(',').append(y).append(' ');
            circles.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"")
                    .append(changed.get(i) ? "4" : "2.5").append("\"").append(changed.get(i) ? " class=\"changed\"" : "")
                    .append("><title>").append(Html.esc(runs.get(i).name())).append(": ").append(value(values.get(i)))
                    .append(", ").append(runs.get(i).outcome().label()).append("</title></circle>");
        }
        return "<svg class=\"trend\" width=\"160\" height=\"28\" viewBox=\"0 0 160 28\" role=\"img\"><polyline points=\""
                + points.toString().strip() + "\"/>" + circles + "</svg>";
    }

    private static String value(Double value) {
        return value == null ? "&ndash;" : Html.num(value);
    }
}
