package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.List;
import java.util.Optional;

/** A run's history indexed for checks: events by type, and the load's and faults' times. */
public record RunView(List<HistoryEvent> events) {

    public RunView {
        events = List.copyOf(events);
    }

    public <T extends HistoryEvent> List<T> all(Class<T> type) {
        return HistoryReader.ofType(events, type);
    }

    public List<HistoryEvent.RequestCompleted> requests() {
        return all(HistoryEvent.RequestCompleted.class);
    }

    /** Records read from a topic after the drain, as JSON values. */
    public List<HistoryEvent.KafkaRecordSeen> records(String topic) {
        return all(HistoryEvent.KafkaRecordSeen.class).stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public Optional<Long> loadStartMs() {
        return all(HistoryEvent.LoadStarted.class).stream().map(HistoryEvent::atMs).findFirst();
    }

    public Optional<Long> loadEndMs() {
        return all(HistoryEvent.LoadFinished.class).stream().map(HistoryEvent::atMs).findFirst();
    }

    /** Whether the group was seen to drain; empty when the probe did not run for it. */
    public Optional<Boolean> drained(String group) {
        return all(HistoryEvent.GroupDrained.class).stream().filter(d -> d.group().equals(group))
                .map(HistoryEvent.GroupDrained::drained).reduce(Boolean::logicalAnd);
    }
}
