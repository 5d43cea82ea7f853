package dev.chaosharness.harness.check;

import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.spec.RecordSelector;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small hand-made histories for check tests. Times are milliseconds from 0. */
final class HistoryBuilder {

    /** The sample's capture group as an experiment file declares it. */
    static final DuplicateSubject CAPTURE = new DuplicateSubject("payment-capture",
            new RecordSelector("orders", "/eventId", "/orderId", "", ""),
            new RecordSelector("payments", "/eventId", "/orderId", "", ""), DuplicateSubject.FROM_RESPONSES,
            "/instanceId", "/generation");

    private final List<HistoryEvent> events = new ArrayList<>();
    private int nextOffset;

    HistoryBuilder service(String name, long pid) {
        events.add(new HistoryEvent.ProcessStarted(0, name, name.substring(0, name.lastIndexOf('-')), true,
                pid, List.of("java"), name + ".log"));
        return this;
    }

    HistoryBuilder commandService(String name, long pid) {
        events.add(new HistoryEvent.ProcessStarted(0, name, name.substring(0, name.lastIndexOf('-')), false,
                pid, List.of("python3"), name + ".log"));
        return this;
    }

    HistoryBuilder environmentUp(long atMs) {
        events.add(new HistoryEvent.EnvironmentUp(atMs, 10_000, "local", "127.0.0.1:9092", java.util.Map.of()));
        return this;
    }

    HistoryBuilder load(long fromMs, long toMs, long budgetMs) {
        events.add(new HistoryEvent.LoadStarted(fromMs, "Sim", 10, 0, 10, budgetMs));
        events.add(new HistoryEvent.LoadFinished(toMs, 0, "gatling"));
        return this;
    }

    /** A load that a signal cut off at {@code toMs}. */
    HistoryBuilder interruptedLoad(long fromMs, long toMs, long budgetMs) {
        events.add(new HistoryEvent.LoadStarted(fromMs, "Sim", 10, 0, 10, budgetMs));
        events.add(new HistoryEvent.LoadFinished(toMs, HistoryEvent.LoadFinished.INTERRUPTED, ""));
        return this;
    }

    HistoryBuilder request(long startMs, long latencyMs, int status, String orderId) {
        events.add(new HistoryEvent.RequestCompleted(startMs + latencyMs, startMs, latencyMs, status, status == 201, 2000,
                orderId, status == 0 ? "timeout" : null, null));
        return this;
    }

    /** A request of the load that sent {@code requestId} in its request-id header. */
    HistoryBuilder request(long startMs, long latencyMs, int status, String id, String requestId, long budgetMs) {
        events.add(new HistoryEvent.RequestCompleted(startMs + latencyMs, startMs, latencyMs, status, status == 201,
                budgetMs, id, status == 0 ? "timeout" : null, requestId));
        return this;
    }

    HistoryBuilder placedOrder(String orderId, String eventId) {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("eventId", eventId).put("orderId", orderId);
        events.add(new HistoryEvent.KafkaRecordSeen(100_000, "orders", 0, nextOffset++, orderId, 10, value));
        return this;
    }

    HistoryBuilder capture(String orderId, String eventId, String instance, int generation, long atMs) {
        ObjectNode value = JsonNodeFactory.instance.objectNode().put("eventId", eventId).put("orderId", orderId)
                .put("instanceId", instance).put("generation", generation).put("partition", 0).put("offset", 3);
        events.add(new HistoryEvent.KafkaRecordSeen(100_000, "payments", 0, nextOffset++, orderId, atMs, value));
        return this;
    }

    HistoryBuilder group(long atMs, String state, String... clients) {
        List<HistoryEvent.GroupMember> members = new ArrayList<>();
        for (String client : clients) {
            members.add(new HistoryEvent.GroupMember(client + "-id", client, List.of(0)));
        }
        events.add(new HistoryEvent.ConsumerGroupObserved(atMs, "payment-capture", state, -1, members));
        return this;
    }

    HistoryBuilder record(String topic, String key, String json, long atMs) {
        try {
            events.add(new HistoryEvent.KafkaRecordSeen(100_000, topic, 0, nextOffset++, key, atMs,
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    HistoryBuilder groupNamed(String group, long atMs, String state, String... clients) {
        List<HistoryEvent.GroupMember> members = new ArrayList<>();
        for (String client : clients) {
            members.add(new HistoryEvent.GroupMember(client + "-id", client, List.of(0)));
        }
        events.add(new HistoryEvent.ConsumerGroupObserved(atMs, group, state, -1, members));
        return this;
    }

    HistoryBuilder drainedGroup(String group, boolean drained) {
        events.add(new HistoryEvent.GroupDrained(90_000, group, "source", drained));
        return this;
    }

    HistoryBuilder drained(boolean drained) {
        events.add(new HistoryEvent.GroupDrained(90_000, "payment-capture", "orders", drained));
        return this;
    }

    HistoryBuilder gc(String instance, long atMs, String name, double longestMs, double sumMs) {
        return gc(instance, 1, atMs, name, longestMs, sumMs);
    }

    HistoryBuilder gc(String instance, long pid, long atMs, String name, double longestMs, double sumMs) {
        events.add(new HistoryEvent.GcPause(atMs, instance, pid, atMs, name, "G1 Evacuation Pause", sumMs, longestMs));
        return this;
    }

    /** The JVM {@code pid} of {@code instance} became ready. */
    HistoryBuilder ready(String instance, long pid, long atMs) {
        events.add(new HistoryEvent.ProcessReady(atMs, instance, pid));
        return this;
    }

    HistoryBuilder threads(String instance, long atMs, long active) {
        return threads(instance, atMs, active, 1);
    }

    HistoryBuilder threads(String instance, long atMs, long active, long pid) {
        events.add(new HistoryEvent.ThreadCount(atMs, instance, pid, active, 10));
        return this;
    }

    /** Threads that outlived the load, none of them a pool worker (parked in {@code heldAt}). */
    HistoryBuilder lingering(String instance, String pattern, int count) {
        return lingering(instance, 1, pattern, count, 0, 0, "a.B.park");
    }

    /** Threads that outlived the load in JVM {@code pid}: {@code poolWorkers} of them idle on {@code pools} queues. */
    HistoryBuilder lingering(String instance, long pid, String pattern, int count, int poolWorkers, int pools,
                             String heldAt) {
        events.add(new HistoryEvent.LingeringThreads(50_000, instance, pid, pattern, count, List.of("a.B.c:1"), true,
                poolWorkers, pools, heldAt));
        return this;
    }

    /** Threads that outlived the load, with no thread dump to tell what they were doing. */
    HistoryBuilder lingeringUnclassified(String instance, String pattern, int count) {
        events.add(new HistoryEvent.LingeringThreads(50_000, instance, 1, pattern, count, List.of("a.B.c:1"), false,
                0, 0, ""));
        return this;
    }

    HistoryBuilder budget(String instance, String orderId, long received, long sent, long elapsed, String outcome) {
        events.add(new HistoryEvent.DeadlineObserved(1000, instance, orderId, received, sent, elapsed,
                outcome.equals("PLACED") || outcome.equals("GRANTED"), false, outcome));
        return this;
    }

    /** The callee's line for a compensation: the work done earlier for {@code orderId} was undone. */
    HistoryBuilder undone(String instance, String orderId) {
        events.add(new HistoryEvent.DeadlineObserved(1500, instance, orderId, -1, -1, -1, false, true, "VOIDED"));
        return this;
    }

    /** The run's start, naming the load's entry service. */
    HistoryBuilder entry(String service) {
        events.add(new HistoryEvent.RunStarted(0, "run-1", "exp", "sim", "none", 1, "local",
                Map.of("entryService", service)));
        return this;
    }

    /** A call the fault proxy saw on {@code link}; {@code budgetMs} -1: no budget header. */
    HistoryBuilder exchange(String link, long requestAtMs, long responseAtMs, long budgetMs, int status) {
        return exchange(link, requestAtMs, responseAtMs, budgetMs, status, null);
    }

    /** An observed call carrying {@code correlationId} in a correlation header (or none when null). */
    HistoryBuilder exchange(String link, long requestAtMs, long responseAtMs, long budgetMs, int status, String correlationId) {
        events.add(new HistoryEvent.HttpExchangeObserved(responseAtMs, link, "POST", "/payments/authorize",
                budgetMs < 0 ? null : "x-request-timeout-ms", budgetMs, correlationId, requestAtMs, responseAtMs, status));
        return this;
    }

    /** A fault window on {@code target} (a link or an instance). */
    HistoryBuilder fault(int window, long fromMs, long toMs, String target) {
        events.add(new HistoryEvent.FaultApplied(fromMs, window, 3, "latency", List.of(target), Map.of(), fromMs, toMs - fromMs));
        events.add(new HistoryEvent.FaultRolledBack(toMs, window, "latency", List.of(target), "window-end"));
        return this;
    }

    HistoryBuilder fault(int window, long fromMs, long toMs) {
        events.add(new HistoryEvent.FaultApplied(fromMs, window, 3, "pause", List.of("payment-2"), Map.of(), fromMs, toMs - fromMs));
        events.add(new HistoryEvent.FaultRolledBack(toMs, window, "pause", List.of("payment-2"), "window-end"));
        return this;
    }

    /** Any event, as given. */
    HistoryBuilder event(HistoryEvent event) {
        events.add(event);
        return this;
    }

    RunView build() {
        events.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
        return new RunView(events);
    }
}
