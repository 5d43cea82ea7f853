package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One consumer group as the probe saw it: its states and assignments ({@code consumer-group}) and
 * its lag ({@code consumer-lag}), in time order. A partition is named by its number only (the probe
 * records no topic), so a group on several topics counts a number as assigned while any of them is.
 */
final class GroupTimeline {

    static final String STABLE = "Stable";

    private final String group;
    private final List<HistoryEvent.ConsumerGroupObserved> states;
    private final List<HistoryEvent.ConsumerLagObserved> lags;

    private GroupTimeline(String group, List<HistoryEvent.ConsumerGroupObserved> states,
                          List<HistoryEvent.ConsumerLagObserved> lags) {
        this.group = group;
        this.states = states;
        this.lags = lags;
    }

    /** Every group the history names (the probe watches every group the system declares; the drain names each). */
    static List<GroupTimeline> of(RunView run) {
        Set<String> groups = new TreeSet<>();
        run.all(HistoryEvent.ConsumerGroupObserved.class).forEach(g -> groups.add(g.group()));
        run.all(HistoryEvent.ConsumerLagObserved.class).forEach(g -> groups.add(g.group()));
        run.all(HistoryEvent.GroupDrained.class).forEach(g -> groups.add(g.group()));
        return groups.stream().map(group -> of(run, group)).toList();
    }

    static GroupTimeline of(RunView run, String group) {
        return new GroupTimeline(group,
                run.all(HistoryEvent.ConsumerGroupObserved.class).stream().filter(g -> g.group().equals(group))
                        .sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList(),
                run.all(HistoryEvent.ConsumerLagObserved.class).stream().filter(g -> g.group().equals(group))
                        .sorted(Comparator.comparingLong(HistoryEvent::atMs)).toList());
    }

    String group() {
        return group;
    }

    List<HistoryEvent.ConsumerLagObserved> lags() {
        return lags;
    }

    List<HistoryEvent.ConsumerGroupObserved> states() {
        return states;
    }

    /** The group as last observed at or before {@code atMs}. */
    Optional<HistoryEvent.ConsumerGroupObserved> stateAt(long atMs) {
        HistoryEvent.ConsumerGroupObserved last = null;
        for (HistoryEvent.ConsumerGroupObserved state : states) {
            if (state.atMs() > atMs) {
                break;
            }
            last = state;
        }
        return Optional.ofNullable(last);
    }

    /** The partitions assigned in the last Stable observation before {@code beforeMs}: what every partition means. */
    Set<Integer> partitionsBefore(long beforeMs) {
        return states.stream().filter(s -> s.atMs() < beforeMs && s.state().equals(STABLE))
                .reduce((a, b) -> b).map(GroupTimeline::assigned).orElse(Set.of());
    }

    static Set<Integer> assigned(HistoryEvent.ConsumerGroupObserved state) {
        Set<Integer> assigned = new TreeSet<>();
        state.members().forEach(m -> assigned.addAll(m.partitions()));
        return assigned;
    }

    /** Of {@code every}, the partitions no member held at {@code atMs} (all of them while the group is not observed). */
    Set<Integer> unassignedAt(long atMs, Set<Integer> every) {
        Set<Integer> unassigned = new TreeSet<>(every);
        stateAt(atMs).ifPresent(state -> unassigned.removeAll(assigned(state)));
        return unassigned;
    }

    /** Stable, with every partition of {@code every} held by a member, at {@code atMs}. */
    boolean settledAt(long atMs, Set<Integer> every) {
        return stateAt(atMs).map(s -> s.state().equals(STABLE)).orElse(false) && unassignedAt(atMs, every).isEmpty();
    }

    /**
     * The first time at or after {@code fromMs} ({@code fromMs} itself, or an observation after it) from
     * which the group stays settled ({@link #settledAt}) at every observation before {@code untilMs}:
     * a group still Stable with a killed member the moment a restarted instance says it is ready is
     * not settled yet, as the rebalance its joining starts shows. Empty when it never is.
     */
    Optional<Long> settledFrom(long fromMs, long untilMs, Set<Integer> every) {
        Long candidate = null;
        for (long at : Stream.concat(Stream.of(fromMs), states.stream().map(HistoryEvent::atMs)
                .filter(t -> t > fromMs && t < untilMs)).toList()) {
            if (!settledAt(at, every)) {
                candidate = null;
            } else if (candidate == null) {
                candidate = at;
            }
        }
        return Optional.ofNullable(candidate);
    }
}
