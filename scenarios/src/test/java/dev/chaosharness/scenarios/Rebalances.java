package dev.chaosharness.scenarios;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.ArrayList;
import java.util.List;

/** Rebalances read off the consumer-group timeline: from leaving Stable (or a membership change) to Stable again. */
final class Rebalances {

    record Rebalance(long startMs, long endMs, int membersBefore, int membersAfter) {
        long durationMs() {
            return endMs - startMs;
        }

        @Override
        public String toString() {
            return "members " + membersBefore + " -> " + membersAfter + " in " + durationMs() + " ms";
        }
    }

    private Rebalances() {
    }

    static List<Rebalance> of(List<HistoryEvent> history) {
        List<HistoryEvent.ConsumerGroupObserved> timeline = HistoryReader.ofType(history, HistoryEvent.ConsumerGroupObserved.class);
        List<Rebalance> rebalances = new ArrayList<>();
        HistoryEvent.ConsumerGroupObserved stable = null;
        HistoryEvent.ConsumerGroupObserved left = null;
        for (HistoryEvent.ConsumerGroupObserved observed : timeline) {
            boolean isStable = observed.state().equalsIgnoreCase("stable");
            if (isStable) {
                boolean changed = stable != null && !stable.members().equals(observed.members());
                if (left != null || changed) {
                    HistoryEvent.ConsumerGroupObserved from = left != null ? left : observed;
                    rebalances.add(new Rebalance(from.atMs(), observed.atMs(),
                            stable == null ? 0 : stable.members().size(), observed.members().size()));
                }
                stable = observed;
                left = null;
            } else if (left == null) {
                left = observed;
            }
        }
        return rebalances;
    }
}
