package dev.chaosharness.harness.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.spec.DeadlineSubject;
import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.spec.RecordSelector;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Writes the history a real run of a two-service system would leave ({@code front} calls
 * {@code back-1..3} over HTTP, and {@code back}'s consumer group turns {@code placed} records into
 * {@code settled} ones), with the event mix of the reference checkout run: per request one
 * {@code request}, two {@code deadline-observed}, one {@code http-exchange} and two
 * {@code kafka-record}s; every 5 minutes a 30 s latency window on {@code front->back-1} followed by
 * a rebalance that repeats 3 effects; a GC pause per JVM every 2 s (a 150 ms one every minute);
 * thread counts every second. Seeded: the same arguments give the same history.
 */
public final class SyntheticHistory {

    static final String SOURCE_TOPIC = "placed";
    static final String EFFECT_TOPIC = "settled";
    static final long BUDGET_MS = 2000;
    private static final List<String> BACKS = List.of("back-1", "back-2", "back-3");
    private static final List<String> JVMS = List.of("front-1", "back-1", "back-2", "back-3");
    private static final long FAULT_EVERY_MS = 300_000;
    private static final long FAULT_FOR_MS = 30_000;
    private static final int DUPLICATES_PER_REBALANCE = 3;
    private static final long ENTITY = 0x5A17L;
    private static final long REQUEST = 0x7E57L << 20;
    private static final long EVENT = 0x0E7EL << 40;

    private final int seconds;
    private final double ratePerSecond;
    private final double duplicateShare;
    private final Random random = new Random(1);
    private long events;

    public SyntheticHistory(int seconds, double ratePerSecond) {
        this(seconds, ratePerSecond, 0);
    }

    /**
     * With {@code duplicateShare} of the accepted requests' effects made twice (0.12: the rebalance
     * duplication a consumer without transactions showed), instead of {@value #DUPLICATES_PER_REBALANCE}
     * per rebalance.
     */
    public SyntheticHistory(int seconds, double ratePerSecond, double duplicateShare) {
        this.seconds = seconds;
        this.ratePerSecond = ratePerSecond;
        this.duplicateShare = duplicateShare;
    }

    /** What the generated run's checks judge. */
    public static CheckSpec checks() {
        RecordSelector source = new RecordSelector(SOURCE_TOPIC, "/eventId", "/entityId", "", "");
        RecordSelector effects = new RecordSelector(EFFECT_TOPIC, "/eventId", "/entityId", "", "");
        return new CheckSpec(CheckThresholds.defaults(1000, BUDGET_MS),
                List.of(new DuplicateSubject("settlers", source, effects, DuplicateSubject.FROM_RESPONSES, "/instanceId",
                        "/generation")),
                List.of(new DeadlineSubject("front", "back")), List.of(), List.of(), List.of());
    }

    /** Writes {@code runDir/history.jsonl.gz}; returns how many events it holds. */
    public long write(Path runDir) {
        long t0 = 1_800_000_000_000L;
        long loadStart = t0 + 20_000;
        long loadEnd = loadStart + seconds * 1000L;
        try (RunHistory history = RunHistory.open(runDir)) {
            start(history, runDir, t0, loadStart);
            long accepted = load(history, loadStart, loadEnd);
            after(history, loadEnd, accepted);
        }
        return events;
    }

    private void append(RunHistory history, HistoryEvent event) {
        history.append(event);
        events++;
    }

    private void start(RunHistory history, Path runDir, long t0, long loadStart) {
        append(history, new HistoryEvent.RunStarted(t0, runDir.getFileName().toString(), "synthetic", "synthetic", "periodic-latency",
                1, "local", Map.of("entryService", "front", "ratePerSecond", Double.toString(ratePerSecond),
                "rampSeconds", "0", "holdSeconds", Integer.toString(seconds), "budgetMs", Long.toString(BUDGET_MS),
                "system", "synthetic front/back", "systemSource", "generated", "source", SyntheticHistory.class.getName())));
        append(history, new HistoryEvent.ChecksDeclared(t0, checks().toJson()));
        long pid = 1000;
        for (String name : JVMS) {
            append(history, new HistoryEvent.ProcessStarted(t0 + 1000, name, name.substring(0, name.indexOf('-')), true,
                    pid, List.of("java", "-jar", name + ".jar"), name + ".log"));
            append(history, new HistoryEvent.ProcessReady(t0 + 8000, name, pid++));
        }
        append(history, new HistoryEvent.EnvironmentUp(t0 + 9000, 8000, "local", "127.0.0.1:9092", Map.of()));
        append(history, group(t0 + 10_000, "Stable", 1));
        jvmSamples(history, loadStart - 1000, 1);
        append(history, new HistoryEvent.LoadStarted(loadStart, "synthetic", ratePerSecond, 0, seconds, BUDGET_MS));
    }

    /** The load, second by second; returns how many requests were accepted (all of them). */
    private long load(RunHistory history, long loadStart, long loadEnd) {
        long requests = 0;
        int window = 0;
        for (long second = loadStart; second < loadEnd; second += 1000) {
            long sinceStart = second - loadStart;
            if (sinceStart > 0 && sinceStart % FAULT_EVERY_MS == 0) {
                window++;
                append(history, new HistoryEvent.FaultApplied(second, window, 1, "latency", List.of("front->back-1"),
                        Map.of("latencyMs", "300"), sinceStart, FAULT_FOR_MS));
            }
            if (window > 0 && sinceStart % FAULT_EVERY_MS == FAULT_FOR_MS) {
                append(history, new HistoryEvent.FaultRolledBack(second, window, "latency", List.of("front->back-1"),
                        "window-end"));
                append(history, group(second + 2000, "PreparingRebalance", window * 2));
                append(history, group(second + 4000, "Stable", window * 2 + 1));
            }
            boolean underFault = window > 0 && sinceStart % FAULT_EVERY_MS < FAULT_FOR_MS;
            for (; requests < (sinceStart + 1000) / 1000.0 * ratePerSecond; requests++) {
                long startMs = loadStart + (long) (requests * 1000 / ratePerSecond);
                request(history, startMs, requests, underFault);
            }
            jvmSamples(history, second, sinceStart);
        }
        return requests;
    }

    private void request(RunHistory history, long startMs, long n, boolean underFault) {
        String entityId = id(ENTITY, n);
        String requestId = id(REQUEST, n);
        String back = back(n);
        long slowMs = underFault && back.equals("back-1") ? 300 : 0;
        long calleeMs = 10 + random.nextInt(40) + slowMs;
        long latencyMs = calleeMs + 10 + random.nextInt(20);
        long callAt = startMs + 5;
        long sentBudget = BUDGET_MS - 5;
        append(history, new HistoryEvent.HttpExchangeObserved(callAt + calleeMs, "front->" + back, "POST", "/settle",
                "x-request-timeout-ms", sentBudget, requestId, callAt, callAt + calleeMs, 200));
        append(history, new HistoryEvent.DeadlineObserved(callAt + calleeMs - 1, back, entityId, sentBudget, -1, 0,
                true, false, "SETTLED"));
        append(history, new HistoryEvent.DeadlineObserved(startMs + latencyMs - 1, "front-1", entityId, BUDGET_MS,
                sentBudget, 5, true, false, "PLACED"));
        append(history, new HistoryEvent.RequestCompleted(startMs + latencyMs, startMs, latencyMs, 201, true, BUDGET_MS,
                entityId, null, requestId));
    }

    private static String back(long n) {
        return BACKS.get((int) (n % BACKS.size()));
    }

    /** Request {@code n}'s id of one kind: random-looking, and the same each time it is asked for, so nothing is held. */
    private static String id(long kind, long n) {
        long high = (n + 1) * 0x9E3779B97F4A7C15L ^ kind;
        return new UUID(high, Long.rotateLeft(high, 31) * 0xBF58476D1CE4E5B9L ^ n).toString();
    }

    private void jvmSamples(RunHistory history, long second, long sinceStart) {
        long pid = 1000;
        for (String jvm : JVMS) {
            append(history, new HistoryEvent.ThreadCount(second, jvm, pid, 40 + random.nextInt(5), 30));
            if (sinceStart % 2000 == 0) {
                double pauseMs = sinceStart % 60_000 == 0 ? 150 : 2 + random.nextInt(20);
                append(history, new HistoryEvent.GcPause(second + 300, jvm, pid, sinceStart / 2000, "G1New",
                        "G1 Evacuation Pause", pauseMs, pauseMs));
            }
            pid++;
        }
    }

    /** The drain, the records read back (with one repeated effect per rebalance), and the end. */
    private void after(RunHistory history, long loadEnd, long accepted) {
        append(history, new HistoryEvent.LoadFinished(loadEnd, 0, "gatling"));
        jvmSamples(history, loadEnd + 1000, 1);
        append(history, new HistoryEvent.GroupDrained(loadEnd + 500, "settlers", SOURCE_TOPIC, true));
        long offset = 0;
        for (long n = 0; n < accepted; n++) {
            append(history, record(loadEnd + 1000, SOURCE_TOPIC, offset++, id(ENTITY, n), JsonNodeFactory.instance.objectNode()
                    .put("eventId", id(EVENT, n)).put("entityId", id(ENTITY, n)).put("ownerId", "c-" + (offset % 97))
                    .put("amountCents", 100 + offset % 900).put("createdAt", "2027-01-15T08:00:00Z")));
        }
        long repeats = duplicateShare > 0 ? (long) (accepted * duplicateShare) : rebalances() * DUPLICATES_PER_REBALANCE;
        long repeatEvery = Math.max(1, accepted / (repeats + 1));
        for (long n = 0; n < accepted; n++) {
            append(history, effect(loadEnd, offset++, n, 1));
            if (n > 0 && n % repeatEvery == 0 && n / repeatEvery <= repeats) {
                append(history, effect(loadEnd, offset++, n, 2));
            }
        }
        append(history, new HistoryEvent.EnvironmentDown(loadEnd + 3000, 2000));
        append(history, new HistoryEvent.RunFinished(loadEnd + 3500, "generated", "a synthetic history (HistoryBenchmark): judged by analyze"));
    }

    /** Fault windows that end (and so rebalance the group) before the load does. */
    long rebalances() {
        return Math.max(0, (seconds * 1000L - FAULT_FOR_MS - 1) / FAULT_EVERY_MS);
    }

    /** Effects repeated: {@value #DUPLICATES_PER_REBALANCE} per rebalance. */
    long duplicates() {
        return rebalances() * DUPLICATES_PER_REBALANCE;
    }

    private HistoryEvent.KafkaRecordSeen effect(long loadEnd, long offset, long n, int generation) {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("eventId", id(EVENT, n)).put("entityId", id(ENTITY, n))
                .put("instanceId", back(n)).put("generation", generation).put("partition", (int) (offset % 6))
                .put("offset", offset);
        return record(loadEnd + 1000, EFFECT_TOPIC, offset, id(ENTITY, n), value);
    }

    private static HistoryEvent.KafkaRecordSeen record(long atMs, String topic, long offset, String key, ObjectNode value) {
        return new HistoryEvent.KafkaRecordSeen(atMs, topic, (int) (offset % 6), offset, key, atMs - 5000, value);
    }

    private HistoryEvent group(long atMs, String state, int epoch) {
        List<HistoryEvent.GroupMember> members = new ArrayList<>();
        for (int i = 0; i < BACKS.size(); i++) {
            if (!(state.equals("PreparingRebalance") && i == 0)) {
                members.add(new HistoryEvent.GroupMember(BACKS.get(i) + "-" + epoch, BACKS.get(i), List.of(2 * i, 2 * i + 1)));
            }
        }
        return new HistoryEvent.ConsumerGroupObserved(atMs, "settlers", state, epoch, members);
    }

}
