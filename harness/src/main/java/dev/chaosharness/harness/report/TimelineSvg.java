package dev.chaosharness.harness.report;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The run on one time axis, as inline SVG: requests/s and errors, p50/p99/max latency, GC pauses
 * per service (marks sized by duration), live threads per service, each consumer group's lag, with fault windows shaded and
 * labelled across every panel and rebalances marked. Time is cut into at most {@value #MAX_BUCKETS}
 * buckets (a second each up to then), so the page's size does not grow with the run; a bucket keeps
 * its spikes: the p99 and the maximum latency, the longest GC pause per service, the most threads.
 * No script, no fonts or files from elsewhere: it renders from the file system. Patterns and dashes
 * keep it readable in grayscale.
 */
final class TimelineSvg {

    private static final int WIDTH = 1200;
    private static final int LEFT = 110;
    private static final int RIGHT = 20;
    private static final int PANEL = 130;
    private static final int GAP = 34;
    private static final String[] SERIES = {"#1f4e9c", "#c2410c", "#15803d", "#7c3aed", "#0e7490", "#a16207"};
    private static final String[] DASHES = {"", "6 3", "2 3", "10 3 2 3", "1 2", "8 2"};

    static final int MAX_BUCKETS = 600;

    private final List<HistoryEvent> events;
    private final List<HistoryEvent.RequestCompleted> requests;
    private final long t0;
    private final long t1;
    private final long bucketMs;

    /** {@code events}: the run's events but the requests; {@code requests}: the load's, read once, first to last. */
    TimelineSvg(List<HistoryEvent> events, List<HistoryEvent.RequestCompleted> requests, long fromMs, long toMs) {
        this.events = events;
        this.requests = requests;
        this.t0 = fromMs;
        this.t1 = Math.max(toMs, fromMs + 1000);
        this.bucketMs = 1000 * Math.max(1, (t1 - t0 + 1000L * MAX_BUCKETS - 1) / (1000L * MAX_BUCKETS));
    }

    String render() {
        Map<String, List<HistoryEvent.GcPause>> gc = of(HistoryEvent.GcPause.class).stream()
                .collect(Collectors.groupingBy(HistoryEvent.GcPause::instance, TreeMap::new, Collectors.toList()));
        Map<String, List<Point>> threads = of(HistoryEvent.ThreadCount.class).stream()
                .collect(Collectors.groupingBy(HistoryEvent.ThreadCount::instance, TreeMap::new,
                        Collectors.mapping(t -> new Point(t.atMs(), t.active()), Collectors.toList())));
        Map<String, List<Point>> lag = of(HistoryEvent.ConsumerLagObserved.class).stream()
                .collect(Collectors.groupingBy(HistoryEvent.ConsumerLagObserved::group, TreeMap::new,
                        Collectors.mapping(l -> new Point(l.atMs(), l.lag()), Collectors.toList())));
        // the heap after each collection: a leak climbs from one full collection to the next
        Map<String, List<Point>> heap = of(HistoryEvent.HeapSummary.class).stream().filter(HistoryEvent.HeapSummary::afterGc)
                .collect(Collectors.groupingBy(HistoryEvent.HeapSummary::instance, TreeMap::new,
                        Collectors.mapping(h -> new Point(h.atMs(), h.heapUsedBytes() / (1024.0 * 1024.0)), Collectors.toList())));
        int gcPanel = Math.max(60, 26 * Math.max(1, gc.size()));
        int panels = 3 + (lag.isEmpty() ? 0 : 1) + (heap.isEmpty() ? 0 : 1);
        int height = 36 + panels * (PANEL + GAP) + gcPanel + GAP + 30;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"100%\" role=\"img\" aria-label=\"Timeline of the run\">\n");
        svg.append("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
                + "patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#fde68a\" fill-opacity=\"0.55\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#92400e\" stroke-opacity=\"0.35\" stroke-width=\"3\"/>"
                + "</pattern></defs>\n");
        int y = 36;
        throughputPanel(svg, y, requests);
        y += PANEL + GAP;
        latencyPanel(svg, y, requests);
        y += PANEL + GAP;
        gcPanel(svg, y, gcPanel, gc);
        y += gcPanel + GAP;
        seriesPanel(svg, y, "live threads", "threads", threads);
        if (!heap.isEmpty()) {
            y += PANEL + GAP;
            seriesPanel(svg, y, "heap after each collection (MB)", "heap", heap);
        }
        if (!lag.isEmpty()) {
            y += PANEL + GAP;
            seriesPanel(svg, y, "consumer lag (records past the committed offsets)", "lag", lag);
        }
        y += PANEL;
        faults(svg, 16, y);
        restarts(svg, 16, y);
        rebalances(svg, 16, y);
        timeAxis(svg, y + 4);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void throughputPanel(StringBuilder svg, int top, List<HistoryEvent.RequestCompleted> requests) {
        int buckets = buckets();
        int[] total = new int[buckets];
        int[] failed = new int[buckets];
        for (HistoryEvent.RequestCompleted r : requests) {
            int b = bucket(r.startMs());
            if (b >= 0 && b < buckets) {
                total[b]++;
                if (!r.success()) {
                    failed[b]++;
                }
            }
        }
        double perSecond = 1000.0 / bucketMs;
        double max = Math.max(1, Arrays.stream(total).max().orElse(1) * perSecond);
        frame(svg, top, "requests / s" + (bucketMs > 1000 ? " (" + bucketMs / 1000 + " s mean)" : ""), "0", Html.num(max));
        double barWidth = Math.max(1, plotWidth() / (double) buckets - 1);
        for (int b = 0; b < buckets; b++) {
            double x = x(t0 + b * bucketMs);
            double ok = (total[b] - failed[b]) * perSecond / max * PANEL;
            double bad = failed[b] * perSecond / max * PANEL;
            long s = b * bucketMs / 1000;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#94a3b8\"><title>%ds: %d requests</title></rect>",
                    x, top + PANEL - ok, barWidth, ok, s, total[b]));
            if (failed[b] > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"errors\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#b91c1c\">"
                                + "<title>%ds: %d failed</title></rect>", x, top + PANEL - ok - bad, barWidth, bad, s, failed[b]));
            }
        }
        svg.append('\n');
        legend(svg, top, List.of("succeeded", "failed or no answer"), List.of("#94a3b8", "#b91c1c"), List.of("", ""));
    }

    /** Per bucket: p50, p99 and the maximum of the answered requests' latencies (a bucket's spike stays visible). */
    private void latencyPanel(StringBuilder svg, int top, List<HistoryEvent.RequestCompleted> requests) {
        int buckets = buckets();
        long[][] latencies = new long[buckets][];
        int[] counts = new int[buckets];
        for (HistoryEvent.RequestCompleted r : requests) {
            int b = bucket(r.startMs());
            if (b >= 0 && b < buckets && r.status() != 0) {
                if (latencies[b] == null || counts[b] == latencies[b].length) {
                    latencies[b] = latencies[b] == null ? new long[16] : Arrays.copyOf(latencies[b], counts[b] * 2);
                }
                latencies[b][counts[b]++] = r.latencyMs();
            }
        }
        double[][] lines = new double[3][buckets];
        double[] pcts = {50, 99, 100};
        double max = 1;
        for (int b = 0; b < buckets; b++) {
            long[] sorted = counts[b] == 0 ? new long[0] : Arrays.copyOf(latencies[b], counts[b]);
            Arrays.sort(sorted);
            latencies[b] = null;
            for (int p = 0; p < 3; p++) {
                lines[p][b] = sorted.length == 0 ? Double.NaN
                        : sorted[Math.max(0, (int) Math.ceil(pcts[p] / 100 * sorted.length) - 1)];
                if (!Double.isNaN(lines[p][b])) {
                    max = Math.max(max, lines[p][b]);
                }
            }
        }
        frame(svg, top, "latency ms" + (bucketMs > 1000 ? " (per " + bucketMs / 1000 + " s)" : ""), "0", Html.num(max));
        String[] names = {"p50", "p99", "max"};
        for (int p = 0; p < 3; p++) {
            StringBuilder points = new StringBuilder();
            for (int b = 0; b < buckets; b++) {
                if (!Double.isNaN(lines[p][b])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(t0 + b * bucketMs + bucketMs / 2),
                            top + PANEL - lines[p][b] / max * PANEL));
                }
            }
            svg.append("<polyline class=\"latency-").append(names[p]).append("\" fill=\"none\" stroke=\"").append(SERIES[p])
                    .append("\" stroke-width=\"2\" stroke-dasharray=\"").append(DASHES[p]).append("\" points=\"")
                    .append(points).append("\"/>\n");
        }
        legend(svg, top, List.of(names), List.of(SERIES[0], SERIES[1], SERIES[2]), List.of(DASHES[0], DASHES[1], DASHES[2]));
    }

    private void gcPanel(StringBuilder svg, int top, int height, Map<String, List<HistoryEvent.GcPause>> gc) {
        svg.append(String.format("<text x=\"%d\" y=\"%d\" class=\"panel\">GC pauses</text>\n", LEFT, top - 6));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#cbd5e1\"/>\n",
                LEFT, top, plotWidth(), height));
        int row = 0;
        for (Map.Entry<String, List<HistoryEvent.GcPause>> entry : gc.entrySet()) {
            int cy = top + 14 + row * 26;
            svg.append(String.format("<text x=\"%d\" y=\"%d\" class=\"row\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, cy + 4, Html.esc(entry.getKey())));
            if (bucketMs > 1000) {
                gcBars(svg, cy, longestPerBucket(entry.getValue()), entry.getKey());
                svg.append('\n');
                row++;
                continue;
            }
            for (HistoryEvent.GcPause pause : entry.getValue()) {
                if (pause.atMs() < t0 || pause.atMs() > t1) {
                    continue;
                }
                double r = Math.min(12, 2 + Math.sqrt(pause.longestPauseMs()));
                boolean full = pause.name().contains("Full");
                svg.append(String.format(Locale.ROOT,
                        "<circle class=\"gc-pause\" cx=\"%.1f\" cy=\"%d\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.6\" stroke=\"#0f172a\" stroke-width=\"%s\">"
                                + "<title>%s %s (%s): %s ms</title></circle>",
                        x(pause.atMs()), cy, r, full ? "#b91c1c" : "#475569", full ? "2" : "0.5", Html.esc(entry.getKey()),
                        Html.esc(pause.name()), Html.esc(pause.cause()), Html.num(pause.longestPauseMs())));
            }
            svg.append('\n');
            row++;
        }
        if (gc.isEmpty()) {
            svg.append(String.format("<text x=\"%d\" y=\"%d\" class=\"row\">no GC data</text>\n", LEFT + 8, top + 30));
        }
    }

    /**
     * A long run's pauses as one bar per bucket, as tall as the bucket's longest pause (a row's
     * height is the longest of the run), so a spike stands out where circles would pile up.
     */
    private void gcBars(StringBuilder svg, int cy, List<HistoryEvent.GcPause> longest, String instance) {
        double maxMs = longest.stream().mapToDouble(HistoryEvent.GcPause::longestPauseMs).max().orElse(1);
        double width = Math.max(1, plotWidth() * bucketMs / (t1 - t0));
        for (HistoryEvent.GcPause pause : longest) {
            double height = Math.max(1, 22 * pause.longestPauseMs() / Math.max(1, maxMs));
            boolean full = pause.name().contains("Full");
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"gc-pause\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s %s (%s): %s ms, the longest of its %d s</title></rect>",
                    x(t0 + bucket(pause.atMs()) * bucketMs), cy + 11 - height, width, height, full ? "#b91c1c" : "#475569",
                    Html.esc(instance), Html.esc(pause.name()), Html.esc(pause.cause()), Html.num(pause.longestPauseMs()),
                    bucketMs / 1000));
        }
    }

    /** The longest pause of each bucket within the plotted time. */
    private List<HistoryEvent.GcPause> longestPerBucket(List<HistoryEvent.GcPause> pauses) {
        Map<Integer, HistoryEvent.GcPause> longest = new TreeMap<>();
        pauses.stream().filter(p -> p.atMs() >= t0 && p.atMs() <= t1).forEach(p -> longest.merge(bucket(p.atMs()), p,
                (a, b) -> b.longestPauseMs() > a.longestPauseMs() ? b : a));
        return List.copyOf(longest.values());
    }

    /** The most threads of each bucket, at the bucket's first sample. */
    /** One sample of a series: when, and its value. */
    private record Point(long atMs, double value) {
    }

    /** In a long run, the largest sample of each bucket (a bucket keeps its spike). */
    private List<Point> mostPerBucket(List<Point> samples) {
        Map<Integer, Point> most = new TreeMap<>();
        samples.stream().filter(s -> s.atMs() >= t0 && s.atMs() <= t1).forEach(s -> most.merge(bucket(s.atMs()), s,
                (a, b) -> a.value() >= b.value() ? a : b));
        return List.copyOf(most.values());
    }

    /** A panel of one line per key (an instance's live threads, a group's lag), from 0 to the largest value. */
    private void seriesPanel(StringBuilder svg, int top, String label, String cssClass, Map<String, List<Point>> series) {
        double max = Math.max(1, series.values().stream().flatMap(List::stream).mapToDouble(Point::value).max().orElse(1));
        frame(svg, top, label, "0", Html.num(max));
        int i = 0;
        List<String> names = new ArrayList<>();
        List<String> colours = new ArrayList<>();
        List<String> dashes = new ArrayList<>();
        for (Map.Entry<String, List<Point>> entry : series.entrySet()) {
            StringBuilder points = new StringBuilder();
            for (Point sample : bucketMs <= 1000 ? entry.getValue() : mostPerBucket(entry.getValue())) {
                if (sample.atMs() >= t0 && sample.atMs() <= t1) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(sample.atMs()),
                            top + PANEL - sample.value() / max * PANEL));
                }
            }
            String colour = SERIES[i % SERIES.length];
            String dash = DASHES[i % DASHES.length];
            svg.append("<polyline class=\"").append(cssClass).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\" stroke-dasharray=\"").append(dash).append("\" points=\"").append(points)
                    .append("\"><title>").append(Html.esc(entry.getKey())).append("</title></polyline>\n");
            names.add(entry.getKey());
            colours.add(colour);
            dashes.add(dash);
            i++;
        }
        legend(svg, top, names, colours, dashes);
    }

    private void faults(StringBuilder svg, int top, int bottom) {
        List<HistoryEvent.FaultApplied> applied = of(HistoryEvent.FaultApplied.class);
        for (int i = 0; i < applied.size(); i++) {
            HistoryEvent.FaultApplied fault = applied.get(i);
            long end = of(HistoryEvent.FaultRolledBack.class).stream().filter(r -> r.window() == fault.window())
                    .map(HistoryEvent::atMs).findFirst().orElse(t1);
            double x0 = x(fault.atMs());
            double x1 = x(end);
            // A label that would run into the next window's is cut to the window's number (its title says the rest).
            double room = i + 1 < applied.size() ? x(applied.get(i + 1).atMs()) - x0 : WIDTH - RIGHT - x0;
            String label = (fault.action() + " " + String.join(",", fault.targets()));
            label = room < 7 * (label.length() + 4) ? "" : " " + label;
            svg.append(String.format(Locale.ROOT,
                    "<g class=\"fault-window\"><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"url(#hatch)\">"
                            + "<title>window %d: %s on %s</title></rect>"
                            + "<text x=\"%.1f\" y=\"%d\" class=\"fault-label\">%d%s</text></g>\n",
                    x0, top, Math.max(2, x1 - x0), bottom - top, fault.window(), Html.esc(fault.action()),
                    Html.esc(String.join(", ", fault.targets())), x0 + 3, top - 1, fault.window(),
                    Html.esc(label.isEmpty() ? "" : ":" + label)));
        }
    }

    /** A marker where an instance started again during the load (a fault's restart) was ready again. */
    private void restarts(StringBuilder svg, int top, int bottom) {
        for (HistoryEvent.ProcessReady ready : of(HistoryEvent.ProcessReady.class)) {
            if (ready.atMs() > t0 && ready.atMs() <= t1) {
                double x = x(ready.atMs());
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"ready-again\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#15803d\" "
                                + "stroke-width=\"1.5\"><title>%s ready again (pid %d)</title></line>"
                                + "<text x=\"%.1f\" y=\"%d\" class=\"ready-label\" fill=\"#15803d\">&#9650;</text>\n",
                        x, top + 4, x, bottom, Html.esc(ready.name()), ready.pid(), x - 4, bottom + 26));
            }
        }
    }

    /** A marker where a group changed since its own last observation (its first one is no change). */
    private void rebalances(StringBuilder svg, int top, int bottom) {
        Map<String, HistoryEvent.ConsumerGroupObserved> previousByGroup = new HashMap<>();
        for (HistoryEvent.ConsumerGroupObserved observed : of(HistoryEvent.ConsumerGroupObserved.class)) {
            HistoryEvent.ConsumerGroupObserved previous = previousByGroup.put(observed.group(), observed);
            boolean change = previous != null && (!previous.members().equals(observed.members())
                    || !observed.state().equalsIgnoreCase("stable") && previous.state().equalsIgnoreCase("stable"));
            if (change && observed.atMs() >= t0 && observed.atMs() <= t1) {
                double x = x(observed.atMs());
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"rebalance\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#0f172a\" stroke-width=\"1.5\" "
                                + "stroke-dasharray=\"4 3\"><title>rebalance of %s: %s, members %s</title></line>"
                                + "<text x=\"%.1f\" y=\"%d\" class=\"rebalance-label\">&#8635;</text>\n",
                        x, top + 4, x, bottom, Html.esc(observed.group()), Html.esc(observed.state()),
                        Html.esc(observed.members().stream().map(HistoryEvent.GroupMember::clientId).toList()), x - 5, bottom + 26));
            }
        }
    }

    private void frame(StringBuilder svg, int top, String label, String min, String max) {
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" class=\"panel\">%s</text><text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>"
                        + "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>"
                        + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"#cbd5e1\"/>\n",
                LEFT, top - 6, Html.esc(label), LEFT - 6, top + 10, max, LEFT - 6, top + PANEL, min, LEFT, top, plotWidth(), PANEL));
    }

    private void legend(StringBuilder svg, int top, List<String> names, List<String> colours, List<String> dashes) {
        double x = LEFT + plotWidth() - 10;
        for (int i = names.size() - 1; i >= 0; i--) {
            double width = 26 + names.get(i).length() * 6.5;
            x -= width;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\" stroke-dasharray=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" class=\"legend\">%s</text>",
                    x, top - 5, x + 16, top - 5, colours.get(i), dashes.get(i), x + 20, top - 1, Html.esc(names.get(i))));
        }
        svg.append('\n');
    }

    private void timeAxis(StringBuilder svg, int y) {
        long seconds = (t1 - t0) / 1000;
        long step = LongStream.of(5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600).filter(st -> seconds / st <= 15)
                .findFirst().orElse(3600 * ((seconds / 3600 + 14) / 15));
        for (long s = 0; s <= seconds; s += step) {
            double x = x(t0 + s * 1000);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#64748b\"/><text x=\"%.1f\" y=\"%d\" class=\"tick\" "
                            + "text-anchor=\"middle\">%s</text>", x, y - 4, x, y + 2, x, y + 14, step >= 60 ? s / 60 + "m" : s + "s"));
        }
        svg.append('\n');
    }

    private int buckets() {
        return (int) Math.max(1, (t1 - t0 + bucketMs - 1) / bucketMs);
    }

    private int bucket(long atMs) {
        return (int) Math.floorDiv(atMs - t0, bucketMs);
    }

    private double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private double x(long atMs) {
        return LEFT + (Math.max(t0, Math.min(t1, atMs)) - t0) * plotWidth() / (t1 - t0);
    }

    private <T extends HistoryEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
