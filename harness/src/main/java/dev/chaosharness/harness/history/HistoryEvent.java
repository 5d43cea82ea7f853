package dev.chaosharness.harness.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code history.jsonl}. Every stage of a run appends typed events; checks and the
 * report read them back. {@code atMs} is wall-clock epoch milliseconds when the event happened.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HistoryEvent.RunStarted.class, name = "run-started"),
        @JsonSubTypes.Type(value = HistoryEvent.RunFinished.class, name = "run-finished"),
        @JsonSubTypes.Type(value = HistoryEvent.ProcessStarted.class, name = "process-started"),
        @JsonSubTypes.Type(value = HistoryEvent.ProcessStopped.class, name = "process-stopped"),
        @JsonSubTypes.Type(value = HistoryEvent.EnvironmentUp.class, name = "environment-up"),
        @JsonSubTypes.Type(value = HistoryEvent.EnvironmentDown.class, name = "environment-down"),
        @JsonSubTypes.Type(value = HistoryEvent.LoadStarted.class, name = "load-started"),
        @JsonSubTypes.Type(value = HistoryEvent.LoadFinished.class, name = "load-finished"),
        @JsonSubTypes.Type(value = HistoryEvent.RequestCompleted.class, name = "request"),
        @JsonSubTypes.Type(value = HistoryEvent.KafkaRecordSeen.class, name = "kafka-record"),
})
public sealed interface HistoryEvent {

    long atMs();

    /** The run began: what was run, with which profile and seed, on which runtime. */
    record RunStarted(long atMs, String runId, String experiment, String scenario, String profile,
                      long seed, String runtime, Map<String, String> parameters) implements HistoryEvent {
    }

    /** The run ended; {@code outcome} is {@code completed} or {@code failed}, with the reason. */
    record RunFinished(long atMs, String outcome, String message) implements HistoryEvent {
    }

    /** A process of the environment started (or restarted). */
    record ProcessStarted(long atMs, String name, String role, long pid, List<String> command,
                          String logFile) implements HistoryEvent {
    }

    /** A process ended: {@code how} is {@code stopped}, {@code killed} or {@code exited}. */
    record ProcessStopped(long atMs, String name, long pid, int exitCode, String how) implements HistoryEvent {
    }

    /** Every process is ready; {@code startupMs} from the start of the environment. */
    record EnvironmentUp(long atMs, long startupMs, String runtime, String kafkaBootstrap,
                         Map<String, String> endpoints) implements HistoryEvent {
    }

    record EnvironmentDown(long atMs, long shutdownMs) implements HistoryEvent {
    }

    record LoadStarted(long atMs, String simulation, double ratePerSecond, int rampSeconds,
                       int holdSeconds, long budgetMs) implements HistoryEvent {
    }

    /** Gatling returned: 0 ok, 2 its assertions failed, anything else it crashed. */
    record LoadFinished(long atMs, int gatlingExitCode, String reportDir) implements HistoryEvent {
    }

    /**
     * One request of the load as the client saw it. {@code status} 0 means no HTTP answer
     * (timeout or connection failure), with {@code error} saying which.
     */
    record RequestCompleted(long atMs, long startMs, long latencyMs, int status, long budgetMs,
                            String orderId, String error) implements HistoryEvent {
    }

    /** A record read from a topic after the load drained. */
    record KafkaRecordSeen(long atMs, String topic, int partition, long offset, String key,
                           long timestampMs, JsonNode value) implements HistoryEvent {
    }
}
