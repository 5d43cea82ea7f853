package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunView;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code reports/<run-id>/index.html}: one page per run, generated from the history and the
 * verdicts alone (so it can be regenerated offline). It needs nothing from another host.
 */
public final class HtmlReport {

    public static final String FILE_NAME = "index.html";
    /** Evidence rows a result shows on the page (the checks list the worst first), so the page's size does not grow with the run; the rest are in verdicts.json. */
    static final int MAX_EVIDENCE_ROWS = 50;
    /** "at 1765080000123" in an evidence text (a fault, a group change, an effect): an epoch ms the page shows as "+12.4 s". */
    private static final Pattern AT_EPOCH_MS = Pattern.compile("\\bat (\\d{13})\\b");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    /** The run's page; {@code baseline}: the run it is compared with ({@code chaos.baseline}), blank for the previous one. */
    public static Path write(Path runDir, List<CheckResult> verdicts, String baseline) {
        RunView view = RunView.readRequests(runDir);
        List<PhaseProfiles.Profile> profiles = profiles(runDir, view);
        String html = render(runDir, view.context(), view.requests(), verdicts, baseline, profiles);
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    static String render(Path runDir, List<HistoryEvent> events, List<CheckResult> verdicts) {
        RunView view = new RunView(events);
        return render(runDir, view.context(), view.requests(), verdicts, "", List.of());
    }

    /** Each recording's flame graph per phase; none (and a line in the log) when they cannot be written. */
    private static List<PhaseProfiles.Profile> profiles(Path runDir, RunView view) {
        try {
            return PhaseProfiles.write(runDir, dev.chaosharness.harness.check.Phases.of(view));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(HtmlReport.class).warn("no profiles on the page: {}", e.toString());
            return List.of();
        }
    }

    /** {@code events}: every event but the per-request ones; {@code requests}: the load's requests. */
    private static String render(Path runDir, List<HistoryEvent> events, List<HistoryEvent.RequestCompleted> requests,
                                 List<CheckResult> verdicts, String baseline, List<PhaseProfiles.Profile> profiles) {
        Optional<HistoryEvent.RunStarted> run = first(events, HistoryEvent.RunStarted.class);
        Optional<HistoryEvent.RunFinished> finished = first(events, HistoryEvent.RunFinished.class);
        long loadStart = first(events, HistoryEvent.LoadStarted.class).map(HistoryEvent::atMs)
                .orElse(run.map(HistoryEvent::atMs).orElse(0L));
        long loadEnd = first(events, HistoryEvent.LoadFinished.class).map(HistoryEvent::atMs)
                .orElse(events.isEmpty() ? loadStart : events.get(events.size() - 1).atMs());
        String title = run.map(r -> r.experiment() + " · " + r.runId()).orElse(runDir.getFileName().toString());

        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.esc(title)).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n");
        header(out, run, finished, verdicts, loadStart, loadEnd, events);
        verdictTable(out, verdicts);
        RunComparison.render(out, runDir, verdicts, baseline);
        out.append("<section><h2>Timeline</h2><p class=\"hint\">From the start of the load (fault windows count from its first request). "
                + "Hatched: fault windows. &#9650; and green lines: an instance a fault restarted, ready again. "
                + "&#8635; and dashed lines: consumer-group rebalances. Circles: GC pauses, sized by duration (outlined red: full GC); "
                + "in a run longer than " + TimelineSvg.MAX_BUCKETS / 60 + " minutes, time is cut into buckets that keep their spikes (latency p99 and max, "
                + "a bar per bucket for its longest GC pause).</p>\n");
        out.append(new TimelineSvg(events, requests, loadStart, loadEnd).render()).append(LagNote.html(events)).append("</section>\n");
        evidence(out, verdicts, loadStart);
        new TrafficSection(events, loadStart, loadEnd).render(out);
        PhaseProfiles.render(out, profiles);
        links(out, runDir, events);
        out.append("</body></html>\n");
        return out.toString();
    }

    private static void header(StringBuilder out, Optional<HistoryEvent.RunStarted> run, Optional<HistoryEvent.RunFinished> finished,
                               List<CheckResult> verdicts, long loadStart, long loadEnd, List<HistoryEvent> events) {
        RunOutcome outcome = RunOutcome.of(finished, verdicts);
        out.append("<header><h1>").append(Html.esc(run.map(HistoryEvent.RunStarted::experiment).orElse("run")))
                .append(" <span class=\"verdict ").append(outcome.cssClass())
                .append("\" id=\"overall\">").append(outcome.label())
                .append("</span> <small>")
                .append(Html.esc(Analysis.counts(verdicts))).append("</small></h1>\n<dl>");
        run.ifPresent(r -> {
            item(out, "run", r.runId());
            item(out, "system", r.parameters().getOrDefault("system", "?") + " ("
                    + r.parameters().getOrDefault("systemSource", "?") + ")");
            item(out, "experiment file", r.parameters().getOrDefault("source", "?"));
            String overrides = String.join(", ", r.parameters().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("override.")).map(e -> e.getKey().substring("override.".length())
                            + "=" + e.getValue()).toList());
            item(out, "overrides", overrides.isEmpty() ? "none" : overrides);
            item(out, "chaos profile", r.profile() + (r.parameters().containsKey("profileSource")
                    ? " (" + r.parameters().get("profileSource") + ")" : ""));
            item(out, "seed", Long.toString(r.seed()));
            item(out, "runtime", r.runtime());
            item(out, "started", TIME.format(Instant.ofEpochMilli(r.atMs())));
            item(out, "load", r.parameters().getOrDefault("ratePerSecond", "?") + " req/s, ramp "
                    + r.parameters().getOrDefault("rampSeconds", "?") + " s, hold " + r.parameters().getOrDefault("holdSeconds", "?")
                    + " s, budget " + r.parameters().getOrDefault("budgetMs", "?") + " ms");
        });
        item(out, "load duration", Html.num((loadEnd - loadStart) / 1000.0) + " s");
        first(events, HistoryEvent.EnvironmentUp.class).ifPresent(up -> item(out, "environment ready in", up.startupMs() + " ms"));
        first(events, HistoryEvent.EnvironmentShared.class).ifPresent(shared -> item(out, "environment", shared.fresh()
                ? "fresh: started for this run and kept for the later runs of its suite (" + shared.environment() + ")"
                : "shared with the earlier runs " + String.join(", ", shared.earlierRuns()) + "; restored in "
                        + shared.restoreMs() + " ms: " + String.join("; ", shared.restoreSteps())));
        List<String> services = ServiceRuntimes.lines(events);
        out.append("<dt>services ran on</dt><dd id=\"runtimes\">").append(services.isEmpty() ? "no process was started"
                : String.join("<br>", services.stream().map(Html::esc).toList())).append("</dd>");
        item(out, "harness ran on", run.map(ServiceRuntimes::harnessJava).orElse("not recorded")
                + " (its own JVM, not the services'); Kafka 4.1, Gatling 3.14");
        finished.ifPresent(f -> item(out, "outcome", f.outcome() + ": " + f.message()));
        out.append("</dl></header>\n");
    }

    private static void verdictTable(StringBuilder out, List<CheckResult> verdicts) {
        // fixed columns: a long summary wraps in its cell instead of widening the page
        out.append("<section><h2>Verdicts</h2>\n<table id=\"verdicts\"><colgroup><col class=\"check\"><col class=\"subject\">"
                + "<col class=\"verdict\"><col class=\"measured\"><col class=\"threshold\"><col class=\"why\"></colgroup>"
                + "<thead><tr><th>check</th><th>subject</th><th>verdict</th>"
                + "<th>measured</th><th>threshold</th><th>why</th></tr></thead><tbody>\n");
        for (int i = 0; i < verdicts.size(); i++) {
            CheckResult v = verdicts.get(i);
            out.append("<tr class=\"").append(v.verdict().name().toLowerCase()).append("\"><td>").append(Html.esc(v.check()))
                    .append("</td><td>").append(Html.esc(v.subject())).append("</td><td><span class=\"verdict ")
                    .append(v.verdict().name().toLowerCase()).append("\">").append(symbol(v.verdict())).append(' ')
                    .append(v.verdict()).append("</span></td><td>").append(Html.esc(v.measured())).append("</td><td>")
                    .append(Html.esc(v.threshold())).append("</td><td>").append(Html.esc(v.summary()));
            if (!v.evidence().isEmpty()) {
                out.append(" <a href=\"#evidence-").append(i).append("\">evidence (").append(v.evidence().size()).append(")</a>");
            }
            out.append("</td></tr>\n");
        }
        if (verdicts.isEmpty()) {
            out.append("<tr><td colspan=\"6\">no verdicts: the run was aborted before the checks ran</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");
    }

    private static void evidence(StringBuilder out, List<CheckResult> verdicts, long loadStartMs) {
        out.append("<section><h2>Evidence</h2>\n<p class=\"hint\">Times in seconds from the start of the load, as on the timeline"
                + " (+12.4 s); <a href=\"").append(Analysis.VERDICTS_FILE).append("\">").append(Analysis.VERDICTS_FILE)
                .append("</a> keeps them as epoch milliseconds.</p>\n");
        for (int i = 0; i < verdicts.size(); i++) {
            CheckResult v = verdicts.get(i);
            if (v.evidence().isEmpty()) {
                continue;
            }
            out.append("<details id=\"evidence-").append(i).append("\"").append(v.verdict() == Verdict.FAIL ? " open" : "")
                    .append("><summary>").append(Html.esc(v.check())).append(" · ").append(Html.esc(v.subject())).append(" · ")
                    .append(v.verdict()).append(" · ").append(Html.esc(v.summary())).append("</summary>\n<div class=\"scroll\"><table class=\"evidence\">");
            List<String> columns = v.evidence().stream().flatMap(e -> e.keySet().stream()).distinct().toList();
            out.append("<thead><tr>");
            // a time column shows seconds from the load start: its name loses the "Ms" of verdicts.json
            columns.forEach(c -> out.append("<th>").append(Html.esc(isTimeColumn(c) ? c.substring(0, c.length() - 2) : c))
                    .append("</th>"));
            out.append("</tr></thead><tbody>");
            for (Map<String, Object> row : v.evidence().subList(0, Math.min(v.evidence().size(), MAX_EVIDENCE_ROWS))) {
                out.append("<tr>");
                columns.forEach(c -> out.append("<td>").append(cell(c, row.get(c), loadStartMs)).append("</td>"));
                out.append("</tr>");
            }
            out.append("</tbody></table></div>");
            if (v.evidence().size() > MAX_EVIDENCE_ROWS) {
                out.append("<p class=\"hint\">The worst ").append(MAX_EVIDENCE_ROWS).append(" of ")
                        .append(v.evidence().size()).append(" rows (each check lists its worst first); every row is in <a href=\"")
                        .append(Analysis.VERDICTS_FILE).append("\">").append(Analysis.VERDICTS_FILE).append("</a>.</p>");
            }
            out.append("</details>\n");
        }
        out.append("</section>\n");
    }

    /** An evidence cell: a time column's epoch ms, and "at <epoch ms>" in a text, as seconds from the load start. */
    static String cell(String column, Object value, long loadStartMs) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n && isTimeColumn(column) && isEpochMs(n.longValue(), loadStartMs)) {
            return Html.esc(Html.sinceLoad(n.longValue(), loadStartMs));
        }
        if (value instanceof List<?> list) {
            return String.join("<br>", list.stream().map(v -> Html.esc(timesInText(String.valueOf(v), loadStartMs))).toList());
        }
        return Html.esc(value instanceof String text ? timesInText(text, loadStartMs) : value);
    }

    private static boolean isTimeColumn(String column) {
        return column.equals("atMs") || column.endsWith("AtMs") || column.equals("timestampMs");
    }

    /** Within a week of the load's start: an epoch ms, not an id or an offset that happens to be long. */
    private static boolean isEpochMs(long value, long loadStartMs) {
        return loadStartMs > 0 && Math.abs(value - loadStartMs) < Duration.ofDays(7).toMillis();
    }

    private static String timesInText(String text, long loadStartMs) {
        Matcher matcher = AT_EPOCH_MS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            long ms = Long.parseLong(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(isEpochMs(ms, loadStartMs)
                    ? "at " + Html.sinceLoad(ms, loadStartMs) : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static void links(StringBuilder out, Path runDir, List<HistoryEvent> events) {
        out.append("<section><h2>Files</h2><ul id=\"files\">\n");
        link(out, runDir, "gatling/index.html", "Gatling report");
        String history = RunHistory.linkName(runDir);
        out.append("<li><a href=\"").append(Html.esc(history)).append("\">run history (JSON lines")
                .append(history.endsWith(".gz") ? ", gzip: zcat or zless it" : "").append(")</a></li>\n");
        link(out, runDir, "verdicts.json", "verdicts (JSON)");
        for (String dir : List.of("jfr", "logs")) {
            try (Stream<Path> files = Files.isDirectory(runDir.resolve(dir)) ? Files.list(runDir.resolve(dir)) : Stream.empty()) {
                files.sorted().forEach(f -> link(out, runDir, dir + "/" + f.getFileName(), f.getFileName().toString()));
            } catch (IOException e) {
                out.append("<li>cannot list ").append(Html.esc(dir)).append("</li>");
            }
        }
        link(out, runDir, "kafka/kafka.log", "Kafka broker log");
        HistoryReader.ofType(events, HistoryEvent.ProbeGap.class).forEach(gap -> out.append("<li class=\"gap\">")
                .append(Html.esc(gap.probe() + " gap for " + gap.instance() + ": " + gap.reason())).append("</li>\n"));
        out.append("</ul></section>\n");
    }

    private static void link(StringBuilder out, Path runDir, String relative, String label) {
        if (Files.exists(runDir.resolve(relative))) {
            out.append("<li><a href=\"").append(Html.esc(relative)).append("\">").append(Html.esc(label)).append("</a></li>\n");
        }
    }

    private static void item(StringBuilder out, String term, String value) {
        out.append("<dt>").append(Html.esc(term)).append("</dt><dd>").append(Html.esc(value)).append("</dd>");
    }

    static String symbol(Verdict verdict) {
        return switch (verdict) {
            case PASS -> "&#10004;";
            case FAIL -> "&#10008;";
            case UNKNOWN -> "?";
            case NOT_APPLICABLE -> "&#8211;";
        };
    }

    private static <T extends HistoryEvent> Optional<T> first(List<HistoryEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1280px;color:#0f172a;padding:0 16px}
            h1{font-size:1.6rem;margin:0 0 8px} h2{font-size:1.2rem;margin:28px 0 8px;border-bottom:1px solid #e2e8f0}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0} dt{color:#475569} dd{margin:0}
            table{border-collapse:collapse;width:100%;font-size:.9rem} th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}
            td,dd,summary{overflow-wrap:anywhere} .scroll{overflow-x:auto;max-width:100%}
            #verdicts{table-layout:fixed} #verdicts col.check{width:18.5%} #verdicts col.subject{width:11%} #verdicts col.verdict{width:12rem}
            #verdicts col.measured{width:17%} #verdicts col.threshold{width:13%}
            th{background:#f1f5f9} .verdict{font-weight:700;padding:1px 8px;border-radius:4px;white-space:nowrap}
            .verdict.pass{background:#dcfce7;color:#14532d} .verdict.fail{background:#fee2e2;color:#7f1d1d;border:2px solid #7f1d1d}
            .verdict.unknown{background:#f1f5f9;color:#334155;border:1px dashed #334155}
            .verdict.not_applicable{background:#fff;color:#64748b;border:1px dotted #64748b}
            tr.fail td{background:#fff7f7} details{margin:8px 0} summary{cursor:pointer;font-weight:600}
            .hint{color:#475569;font-size:.85rem} svg text{font-family:system-ui,sans-serif} svg .panel{font-size:12px;font-weight:600}
            svg .tick,svg .legend,svg .row{font-size:11px;fill:#334155} svg .fault-label{font-size:11px;fill:#78350f;font-weight:600}
            svg .rebalance-label{font-size:14px} li.gap{color:#7f1d1d}
            #compared td.worse{color:#7f1d1d;font-weight:600} #compared td.better{color:#14532d;font-weight:600}
            #compared td.verdict-changed{font-weight:700;background:#fef9c3} .changed{font-weight:700;color:#92400e}
            svg.trend polyline{fill:none;stroke:#334155;stroke-width:1.5} svg.trend circle{fill:#334155}
            svg.trend circle.changed{fill:#f59e0b;stroke:#92400e;stroke-width:1.5}
            """;
}
