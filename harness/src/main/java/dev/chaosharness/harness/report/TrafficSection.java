package dev.chaosharness.harness.report;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report's "Links and consumer groups": what went through each link of the fault proxy
 * (connections, bytes, resets, failed dials; any protocol, the wire not parsed) in the whole run
 * and in each fault window on it, and each consumer group's lag (its peak, and where it stood at
 * the load's end and last).
 */
final class TrafficSection {

    private final List<HistoryEvent> events;
    private final long loadStart;
    private final long loadEnd;

    TrafficSection(List<HistoryEvent> events, long loadStart, long loadEnd) {
        this.events = events;
        this.loadStart = loadStart;
        this.loadEnd = loadEnd;
    }

    void render(StringBuilder out) {
        Map<String, List<HistoryEvent.LinkTrafficObserved>> links = byKey(HistoryEvent.LinkTrafficObserved.class,
                HistoryEvent.LinkTrafficObserved::link);
        Map<String, List<HistoryEvent.ConsumerLagObserved>> lags = byKey(HistoryEvent.ConsumerLagObserved.class,
                HistoryEvent.ConsumerLagObserved::group);
        if (links.isEmpty() && lags.isEmpty()) {
            return;
        }
        out.append("<section><h2>Links and consumer groups</h2>\n");
        if (!links.isEmpty()) {
            linkTable(out, links);
        }
        if (!lags.isEmpty()) {
            lagTable(out, lags);
        }
        out.append("</section>\n");
    }

    private void linkTable(StringBuilder out, Map<String, List<HistoryEvent.LinkTrafficObserved>> links) {
        out.append("<p class=\"hint\">Counted by the fault proxy on every link, whatever it carries (its bytes are not "
                + "parsed): connections accepted, bytes from caller to callee and back, connections that ended with a "
                + "reset, and connections whose callee could not be reached. Sampled every second.</p>\n"
                + "<table id=\"links\"><thead><tr><th>link</th><th>connections</th><th>bytes &rarr;</th><th>bytes &larr;</th>"
                + "<th>resets</th><th>failed dials</th><th>in its fault windows</th></tr></thead><tbody>\n");
        links.forEach((link, samples) -> {
            HistoryEvent.LinkTrafficObserved end = samples.get(samples.size() - 1);
            out.append("<tr><td>").append(Html.esc(link)).append("</td><td>").append(end.accepted())
                    .append("</td><td>").append(end.bytesUpstream()).append("</td><td>").append(end.bytesDownstream())
                    .append("</td><td>").append(end.resets()).append("</td><td>").append(end.dialFailures())
                    .append("</td><td>").append(Html.esc(duringWindows(link, samples))).append("</td></tr>\n");
        });
        out.append("</tbody></table>\n");
    }

    /** e.g. {@code window 1 (latency): +12 connections, +3 resets, 4 failed dials, 1,2 KB / 80 KB}. */
    private String duringWindows(String link, List<HistoryEvent.LinkTrafficObserved> samples) {
        List<String> windows = new ArrayList<>();
        for (HistoryEvent.FaultApplied applied : of(HistoryEvent.FaultApplied.class)) {
            if (!applied.targets().contains(link)) {
                continue;
            }
            long until = of(HistoryEvent.FaultRolledBack.class).stream().filter(r -> r.window() == applied.window())
                    .map(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
            HistoryEvent.LinkTrafficObserved before = at(samples, applied.atMs()).orElse(null);
            HistoryEvent.LinkTrafficObserved after = at(samples, until).orElse(null);
            if (after == null) {
                continue;
            }
            windows.add("window " + applied.window() + " (" + applied.action() + "): +"
                    + (after.accepted() - (before == null ? 0 : before.accepted())) + " connections, +"
                    + (after.resets() - (before == null ? 0 : before.resets())) + " resets, +"
                    + (after.dialFailures() - (before == null ? 0 : before.dialFailures())) + " failed dials, +"
                    + (after.bytesUpstream() - (before == null ? 0 : before.bytesUpstream())) + " / +"
                    + (after.bytesDownstream() - (before == null ? 0 : before.bytesDownstream())) + " bytes");
        }
        return windows.isEmpty() ? "" : String.join("; ", windows);
    }

    private void lagTable(StringBuilder out, Map<String, List<HistoryEvent.ConsumerLagObserved>> lags) {
        out.append("<p class=\"hint\">A group's lag: records of its partitions beyond its committed offsets, sampled "
                + "every second. Times from the start of the load.</p>\n"
                + "<table id=\"groups\"><thead><tr><th>group</th><th>peak lag</th><th>at the load's end</th>"
                + "<th>last sampled</th></tr></thead><tbody>\n");
        lags.forEach((group, samples) -> {
            HistoryEvent.ConsumerLagObserved peak = samples.stream()
                    .max(Comparator.comparingLong(HistoryEvent.ConsumerLagObserved::lag)).orElseThrow();
            HistoryEvent.ConsumerLagObserved last = samples.get(samples.size() - 1);
            out.append("<tr><td>").append(Html.esc(group)).append("</td><td>").append(peak.lag()).append(" at ")
                    .append(seconds(peak.atMs())).append("</td><td>")
                    .append(at(samples, loadEnd).map(s -> Long.toString(s.lag())).orElse("not sampled"))
                    .append("</td><td>").append(last.lag()).append(" at ").append(seconds(last.atMs())).append("</td></tr>\n");
        });
        out.append("</tbody></table>\n");
    }

    private String seconds(long atMs) {
        return Html.num((atMs - loadStart) / 1000.0) + " s";
    }

    /** The last sample at or before {@code atMs}. */
    private static <T extends HistoryEvent> Optional<T> at(List<T> samples, long atMs) {
        T found = null;
        for (T sample : samples) {
            if (sample.atMs() > atMs) {
                break;
            }
            found = sample;
        }
        return Optional.ofNullable(found);
    }

    private <T extends HistoryEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HistoryEvent> Map<String, List<T>> byKey(Class<T> type, java.util.function.Function<T, String> key) {
        Map<String, List<T>> byKey = new LinkedHashMap<>();
        of(type).forEach(e -> byKey.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        return byKey;
    }
}
