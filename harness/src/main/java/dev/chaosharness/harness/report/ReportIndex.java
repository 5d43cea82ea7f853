package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code reports/index.html}: every run with its verdicts, newest first. */
public final class ReportIndex {

    private ReportIndex() {
    }

    public static Path write(Path reportsDir) {
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> children = Files.isDirectory(reportsDir) ? Files.list(reportsDir) : Stream.empty()) {
            children.filter(p -> Files.isRegularFile(p.resolve("history.jsonl"))).forEach(runs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + reportsDir, e);
        }
        runs.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Runs</title>"
                + "<style>" + HtmlReport.STYLE + "</style></head><body><h1>Runs</h1>\n<table id=\"runs\"><thead><tr><th>run</th>"
                + "<th>experiment</th><th>profile</th><th>verdict</th><th>failed checks</th></tr></thead><tbody>\n");
        for (Path run : runs) {
            row(out, run);
        }
        out.append("</tbody></table></body></html>\n");
        Path file = reportsDir.resolve("index.html");
        try {
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void row(StringBuilder out, Path run) {
        String name = run.getFileName().toString();
        String experiment = "?";
        String profile = "?";
        Optional<HistoryEvent.RunFinished> finished = Optional.empty();
        try {
            List<HistoryEvent> history = HistoryReader.read(run);
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
        List<CheckResult> verdicts = Files.exists(run.resolve(Analysis.VERDICTS_FILE)) ? Analysis.read(run) : List.of();
        RunOutcome outcome = RunOutcome.of(finished, verdicts);
        String failed = String.join(", ", verdicts.stream().filter(v -> v.verdict() == Verdict.FAIL)
                .map(v -> v.check() + " (" + v.subject() + ")").distinct().toList());
        String link = Files.exists(run.resolve(HtmlReport.FILE_NAME)) ? name + "/" + HtmlReport.FILE_NAME : name + "/history.jsonl";
        out.append("<tr><td><a href=\"").append(Html.esc(link)).append("\">").append(Html.esc(name)).append("</a></td><td>")
                .append(Html.esc(experiment)).append("</td><td>").append(Html.esc(profile)).append("</td><td><span class=\"verdict ")
                .append(outcome.cssClass()).append("\">").append(outcome.label())
                .append("</span></td><td>").append(Html.esc(failed))
                .append("</td></tr>\n");
    }
}
