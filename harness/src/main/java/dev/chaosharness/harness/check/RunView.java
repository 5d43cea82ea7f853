package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.SourceRecord;
import dev.chaosharness.harness.history.compact.CompactEvents;
import dev.chaosharness.harness.history.compact.DeadlineCodec;
import dev.chaosharness.harness.history.compact.ExchangeCodec;
import dev.chaosharness.harness.history.compact.Ids;
import dev.chaosharness.harness.history.compact.RecordCodec;
import dev.chaosharness.harness.history.compact.RequestCodec;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A run's history as the checks read it, built in one pass over the file. The few events that do
 * not grow with the load are kept as they are; the per-request ones ({@link HistoryReader#PER_REQUEST_TYPES})
 * are kept as compact rows ({@link CompactEvents}) and decoded one at a time as a check reads them:
 * off the heap ({@link dev.chaosharness.harness.history.compact.Spill}), so the heap it needs does
 * not grow with the run's length (an hour at 100 requests/s: 3.5 MB of heap and 201 MB spilled,
 * measured by {@code HistoryBenchmark}); held as parsed events, an hour's history did not fit in 1 GB.
 */
public final class RunView {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunView.class);

    private final List<HistoryEvent> context = new ArrayList<>();
    private final Ids ids = new Ids();
    private final CompactEvents<HistoryEvent.RequestCompleted> requests = new CompactEvents<>(new RequestCodec(), ids);
    private final CompactEvents<HistoryEvent.DeadlineObserved> deadlines = new CompactEvents<>(new DeadlineCodec(), ids);
    private final CompactEvents<HistoryEvent.HttpExchangeObserved> exchanges = new CompactEvents<>(new ExchangeCodec(), ids);
    private final CompactEvents<SourceRecord> records;

    private RunView(RecordCodec recordCodec) {
        this.records = new CompactEvents<>(recordCodec, ids);
    }

    /** A history already in memory; of each record's value, every scalar is kept (as its text). */
    public RunView(List<HistoryEvent> events) {
        this(RecordCodec.projecting(events.stream()
                .flatMap(e -> e instanceof HistoryEvent.KafkaRecordSeen k ? java.util.stream.Stream.of(k.value())
                        : e instanceof HistoryEvent.FinalRead f ? java.util.stream.Stream.of(f.value())
                        : e instanceof HistoryEvent.RowRead r ? java.util.stream.Stream.of(r.value()) : java.util.stream.Stream.empty())
                .flatMap(value -> RecordCodec.scalarPointers(value).stream()).distinct().toList()));
        events.forEach(this::add);
    }

    /** Reads the stored history of {@code runDir}, keeping of each record's value only what {@code pointers} point at. */
    public static RunView read(Path runDir, List<String> recordPointers) {
        RunView view = new RunView(RecordCodec.projecting(recordPointers));
        HistoryReader.forEach(runDir, type -> true, view::add, printedProgress(runDir));
        return view;
    }

    /**
     * A line every few seconds while a long history is read ({@code analyze}, and the end of a long
     * run), and one when it is read; nothing for a history read within the first few seconds.
     */
    private static HistoryReader.Progress printedProgress(Path runDir) {
        boolean[] printed = {false};
        return (events, fileShare, elapsed, done) -> {
            if (!done) {
                log.info("analysis: {} history events read ({}% of {}), {} s", String.format(Locale.ROOT, "%,d", events),
                        Math.round(fileShare * 100), runDir.getFileName(), elapsed.toSeconds());
                printed[0] = true;
            } else if (printed[0]) {
                log.info("analysis: all {} history events read in {} s; judging", String.format(Locale.ROOT, "%,d", events),
                        elapsed.toSeconds());
            }
        };
    }

    /** The events that do not grow with the load, and the load's requests: what a report draws. */
    public static RunView readRequests(Path runDir) {
        RunView view = new RunView(RecordCodec.projecting(List.of()));
        HistoryReader.forEach(runDir, type -> !HistoryReader.PER_REQUEST_TYPES.contains(type) || type.equals("request"), view::add);
        return view;
    }

    private void add(HistoryEvent event) {
        if (event instanceof HistoryEvent.RequestCompleted r) {
            requests.append(r);
        } else if (event instanceof HistoryEvent.DeadlineObserved d) {
            deadlines.append(d);
        } else if (event instanceof HistoryEvent.HttpExchangeObserved e) {
            exchanges.append(e);
        } else if (event instanceof HistoryEvent.KafkaRecordSeen k) {
            records.append(SourceRecord.of(k));
        } else if (event instanceof HistoryEvent.FinalRead read) {
            records.append(SourceRecord.of(read));
        } else if (event instanceof HistoryEvent.RowRead row) {
            records.append(SourceRecord.of(row));
        } else {
            context.add(event);
        }
    }

    /** The events of one type as written; a per-request type's list decodes each event as it is read. */
    @SuppressWarnings("unchecked")
    public <T extends HistoryEvent> List<T> all(Class<T> type) {
        if (type == HistoryEvent.RequestCompleted.class) {
            return (List<T>) requests;
        }
        if (type == HistoryEvent.DeadlineObserved.class) {
            return (List<T>) deadlines;
        }
        if (type == HistoryEvent.HttpExchangeObserved.class) {
            return (List<T>) exchanges;
        }
        if (type == HistoryEvent.KafkaRecordSeen.class || type == HistoryEvent.FinalRead.class
                || type == HistoryEvent.RowRead.class) {
            throw new IllegalArgumentException("records of sources are read as SourceRecord: sourceRecords() or records(source)");
        }
        return HistoryReader.ofType(context, type);
    }

    /** The events that do not grow with the load, as written. */
    public List<HistoryEvent> context() {
        return List.copyOf(context);
    }

    /** The strings of the per-request events as ints ({@link Ids#index} turns them into array indices). */
    public Ids ids() {
        return ids;
    }

    public CompactEvents<HistoryEvent.DeadlineObserved> deadlines() {
        return deadlines;
    }

    public CompactEvents<HistoryEvent.HttpExchangeObserved> exchanges() {
        return exchanges;
    }

    public CompactEvents<HistoryEvent.RequestCompleted> requests() {
        return requests;
    }

    /** Every record of every source (topics, final reads, rows), decoded as read. */
    public List<SourceRecord> sourceRecords() {
        return records;
    }

    /** The records of one source (a topic, a final read, a query) read after the drain, decoded as read. */
    public List<SourceRecord> records(String topic) {
        int topicId = ids.existing(topic);
        return new AbstractList<>() {
            private int[] indices;

            @Override
            public SourceRecord get(int index) {
                return records.get(indices()[index]);
            }

            @Override
            public int size() {
                return indices().length;
            }

            private int[] indices() {
                if (indices == null) {
                    indices = IntStream.range(0, records.size())
                            .filter(i -> topicId != Ids.NONE && records.intAt(i, RecordCodec.TOPIC) == topicId).toArray();
                }
                return indices;
            }
        };
    }

    public Optional<Long> loadStartMs() {
        return all(HistoryEvent.LoadStarted.class).stream().map(HistoryEvent::atMs).findFirst();
    }

    public Optional<Long> loadEndMs() {
        return all(HistoryEvent.LoadFinished.class).stream().map(HistoryEvent::atMs).findFirst();
    }

    /** The groups the drain waited for in vain, each with where it stood ({@code group-drained} with drained false). */
    public List<HistoryEvent.GroupDrained> notDrained() {
        return all(HistoryEvent.GroupDrained.class).stream().filter(d -> !d.drained()).toList();
    }

    /** e.g. {@code group billing did not drain (lag 248 on events, PreparingRebalance)}, or empty when every group drained. */
    public Optional<String> notDrainedText() {
        List<HistoryEvent.GroupDrained> groups = notDrained();
        return groups.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", groups.stream()
                .map(d -> "group " + d.group() + " did not drain" + (d.detail().isEmpty() ? "" : " (" + d.detail() + ")"))
                .toList()));
    }

    /** Whether the group was seen to drain; empty when the probe did not run for it. */
    public Optional<Boolean> drained(String group) {
        return all(HistoryEvent.GroupDrained.class).stream().filter(d -> d.group().equals(group))
                .map(HistoryEvent.GroupDrained::drained).reduce(Boolean::logicalAnd);
    }
}
