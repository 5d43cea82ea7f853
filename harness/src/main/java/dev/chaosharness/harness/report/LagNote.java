package dev.chaosharness.harness.report;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the lag lane shows: records past each group's committed offsets, not records waiting to be
 * processed. A group that commits every N s (Kafka Streams: {@code commit.interval.ms}, 30 s by
 * default) climbs for N s and falls at once at each commit with no backlog behind it; such a saw
 * tooth, with a regular period, is named on the page.
 */
final class LagNote {

    /** A fall to at most this share of the sample before, in one sample: a commit, not a drain. */
    static final double COMMIT_FALL_SHARE = 0.2;
    /** Smaller lags are noise: a group at 3 records that falls to 0 has committed nothing worth a note. */
    static final long MIN_LAG_BEFORE_FALL = 10;
    /** Falls this many times, at intervals within {@link #PERIOD_TOLERANCE} of their median. */
    static final int MIN_FALLS = 3;
    static final double PERIOD_TOLERANCE = 0.25;

    private LagNote() {
    }

    /** The hint under the timeline; empty when no group's lag was sampled. */
    static String html(List<HistoryEvent> events) {
        Map<String, List<HistoryEvent.ConsumerLagObserved>> byGroup = HistoryReader.ofType(events,
                HistoryEvent.ConsumerLagObserved.class).stream().collect(Collectors.groupingBy(
                HistoryEvent.ConsumerLagObserved::group, TreeMap::new, Collectors.toList()));
        if (byGroup.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<p class=\"hint\" id=\"lag-note\">Consumer lag is each group's log end minus its"
                + " <em>committed</em> offsets: a consumer that commits every N s (Kafka Streams: <code>commit.interval.ms</code>,"
                + " 30 s by default) shows up to N s of records as lag, climbing and falling at each commit, with no backlog"
                + " behind it.");
        byGroup.forEach((group, samples) -> commitPeriodSeconds(samples).ifPresent(period -> out.append(" <strong>")
                .append(Html.esc(group)).append("</strong>'s lag saw-tooths: it fell at once every ").append(Html.num(period))
                .append(" s or so, as a group that commits about every ").append(Html.num(period))
                .append(" s does: read its rises as commit intervals, not as a backlog.")));
        return out.append("</p>\n").toString();
    }

    /** The median time between the group's one-sample falls, when there are enough of them at a regular interval. */
    static Optional<Double> commitPeriodSeconds(List<HistoryEvent.ConsumerLagObserved> samples) {
        List<HistoryEvent.ConsumerLagObserved> byTime = samples.stream()
                .sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList();
        List<Long> fallsAtMs = new ArrayList<>();
        for (int i = 1; i < byTime.size(); i++) {
            long before = byTime.get(i - 1).lag();
            if (before >= MIN_LAG_BEFORE_FALL && byTime.get(i).lag() <= before * COMMIT_FALL_SHARE) {
                fallsAtMs.add(byTime.get(i).atMs());
            }
        }
        if (fallsAtMs.size() < MIN_FALLS) {
            return Optional.empty();
        }
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < fallsAtMs.size(); i++) {
            intervals.add(fallsAtMs.get(i) - fallsAtMs.get(i - 1));
        }
        List<Long> sorted = intervals.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        boolean regular = intervals.stream().allMatch(i -> Math.abs(i - median) <= median * PERIOD_TOLERANCE);
        return regular ? Optional.of(median / 1000.0) : Optional.empty();
    }
}
