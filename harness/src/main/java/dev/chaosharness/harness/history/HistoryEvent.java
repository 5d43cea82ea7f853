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
        @JsonSubTypes.Type(value = HistoryEvent.ProcessReady.class, name = "process-ready"),
        @JsonSubTypes.Type(value = HistoryEvent.EnvironmentUp.class, name = "environment-up"),
        @JsonSubTypes.Type(value = HistoryEvent.EnvironmentDown.class, name = "environment-down"),
        @JsonSubTypes.Type(value = HistoryEvent.EnvironmentShared.class, name = "environment-shared"),
        @JsonSubTypes.Type(value = HistoryEvent.LoadStarted.class, name = "load-started"),
        @JsonSubTypes.Type(value = HistoryEvent.LoadFinished.class, name = "load-finished"),
        @JsonSubTypes.Type(value = HistoryEvent.FirstRequestSent.class, name = "first-request-sent"),
        @JsonSubTypes.Type(value = HistoryEvent.RequestCompleted.class, name = "request"),
        @JsonSubTypes.Type(value = HistoryEvent.KafkaRecordSeen.class, name = "kafka-record"),
        @JsonSubTypes.Type(value = HistoryEvent.FinalRead.class, name = "final-read"),
        @JsonSubTypes.Type(value = HistoryEvent.RowRead.class, name = "row-read"),
        @JsonSubTypes.Type(value = HistoryEvent.LinkTrafficObserved.class, name = "link-traffic"),
        @JsonSubTypes.Type(value = HistoryEvent.ConsumerLagObserved.class, name = "consumer-lag"),
        @JsonSubTypes.Type(value = HistoryEvent.FaultApplied.class, name = "fault-applied"),
        @JsonSubTypes.Type(value = HistoryEvent.FaultRolledBack.class, name = "fault-rolled-back"),
        @JsonSubTypes.Type(value = HistoryEvent.FaultFailed.class, name = "fault-failed"),
        @JsonSubTypes.Type(value = HistoryEvent.ConsumerGroupObserved.class, name = "consumer-group"),
        @JsonSubTypes.Type(value = HistoryEvent.GcPause.class, name = "gc-pause"),
        @JsonSubTypes.Type(value = HistoryEvent.ThreadCount.class, name = "thread-count"),
        @JsonSubTypes.Type(value = HistoryEvent.HeapSummary.class, name = "heap-summary"),
        @JsonSubTypes.Type(value = HistoryEvent.DatabaseSessions.class, name = "database-sessions"),
        @JsonSubTypes.Type(value = HistoryEvent.OldObjectSampled.class, name = "old-object"),
        @JsonSubTypes.Type(value = HistoryEvent.JvmRuntime.class, name = "jvm-runtime"),
        @JsonSubTypes.Type(value = HistoryEvent.DeadlineObserved.class, name = "deadline-observed"),
        @JsonSubTypes.Type(value = HistoryEvent.ChecksDeclared.class, name = "checks-declared"),
        @JsonSubTypes.Type(value = HistoryEvent.ProbeGap.class, name = "probe-gap"),
        @JsonSubTypes.Type(value = HistoryEvent.GroupDrained.class, name = "group-drained"),
        @JsonSubTypes.Type(value = HistoryEvent.LingeringThreads.class, name = "lingering-threads"),
        @JsonSubTypes.Type(value = HistoryEvent.HttpExchangeObserved.class, name = "http-exchange"),
        @JsonSubTypes.Type(value = HistoryEvent.WireUnparsed.class, name = "wire-unparsed"),
})
public sealed interface HistoryEvent {

    long atMs();

    /** The run began: what was run, with which profile and seed, on which runtime. */
    record RunStarted(long atMs, String runId, String experiment, String scenario, String profile,
                      long seed, String runtime, Map<String, String> parameters) implements HistoryEvent {

        /** The parameter with the harness's own Java (the services' are {@code jvm-runtime} events). */
        public static final String HARNESS_JAVA = "harnessJava";
    }

    /**
     * The run ended: {@code outcome} is {@code passed}, {@code failed} or {@code unknown} (the checks'
     * overall verdict, with the counts), {@code aborted} (the run itself broke, with the exception) or
     * {@code interrupted} (SIGINT or SIGTERM; the checks judged the part that ran).
     */
    record RunFinished(long atMs, String outcome, String message) implements HistoryEvent {
    }

    /**
     * A process of the environment started (or restarted): instance {@code name} of service
     * {@code role}; {@code jvm} when the harness records it with JFR.
     */
    record ProcessStarted(long atMs, String name, String role, boolean jvm, long pid, List<String> command,
                          String logFile) implements HistoryEvent {

        /**
         * The command of an instance the harness attached to and did not start: {@code [attached]},
         * {@code [attached, jmx, <url>]}, or {@code [attached, not-a-jvm]} for a service the system
         * file declares no JVM.
         */
        public static final String ATTACHED = "attached";
        public static final String JMX = "jmx";
        public static final String NOT_A_JVM = "not-a-jvm";

        /** Whether the harness attached to it (it did not start it). */
        public boolean attached() {
            return !command.isEmpty() && command.get(0).equals(ATTACHED);
        }

        /** The JMX service URL of an attached JVM, where its attach file gives one. */
        public java.util.Optional<String> attachedJmx() {
            return attached() && command.size() == 3 && command.get(1).equals(JMX) ? java.util.Optional.of(command.get(2))
                    : java.util.Optional.empty();
        }
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

    /**
     * The run used an environment a suite shares ({@code environment}: its directory): {@code fresh}
     * when it was started for this run, else the {@code earlierRuns} that used it before; the
     * recorded {@code restoreSteps} that brought it back to its declared state, and how long they took.
     */
    record EnvironmentShared(long atMs, String environment, boolean fresh, List<String> earlierRuns,
                             List<String> restoreSteps, long restoreMs) implements HistoryEvent {
    }

    record LoadStarted(long atMs, String simulation, double ratePerSecond, int rampSeconds,
                       int holdSeconds, long budgetMs) implements HistoryEvent {
    }

    /**
     * The first request of the load went out at {@code atMs}, {@code afterLoadStartedMs} after the
     * harness started the load (Gatling's own start-up): the instant the fault windows count from.
     */
    record FirstRequestSent(long atMs, long afterLoadStartedMs) implements HistoryEvent {
    }

    /** Gatling returned: 0 ok, 2 its assertions failed, {@value #INTERRUPTED} the run was interrupted, anything else it crashed. */
    record LoadFinished(long atMs, int gatlingExitCode, String reportDir) implements HistoryEvent {
        /** Not Gatling's: the run was interrupted before the load ended; requests in flight were cut off. */
        public static final int INTERRUPTED = -1;

        public boolean interrupted() {
            return gatlingExitCode == INTERRUPTED;
        }
    }

    /**
     * One request of the load as the client saw it. {@code status} 0 means no HTTP answer
     * (timeout or connection failure), with {@code error} saying which; {@code success} when the
     * status is one the experiment declares a success; {@code correlationId} is what identifies the
     * request in the system (the load's id field of the response), or null; {@code requestId} is the
     * id the client sent in its request-id header (what services forward, so the fault proxy can tie
     * their calls to this request), or null.
     */
    record RequestCompleted(long atMs, long startMs, long latencyMs, int status, boolean success, long budgetMs,
                            String correlationId, String error, String requestId) implements HistoryEvent {
    }

    /**
     * A fault window began ({@code atMs}: when applying it started). {@code window} is its 1-based
     * place in the profile, {@code line} where it is written; {@code targets} are the links or
     * instances it acted on; {@code plannedAtMs} is its {@code at}, from the first request the load
     * sent ({@link FirstRequestSent}).
     */
    record FaultApplied(long atMs, int window, int line, String action, List<String> targets,
                        Map<String, String> params, long plannedAtMs, long plannedDurationMs) implements HistoryEvent {
    }

    /**
     * A fault window ended: {@code how} is {@code window-end}, {@code experiment-end}, {@code aborted} or
     * {@code interrupted} (nothing it took away was brought back: the environment stopped at once).
     */
    record FaultRolledBack(long atMs, int window, String action, List<String> targets, String how)
            implements HistoryEvent {
    }

    /** Applying or rolling back a fault failed; the run goes on and the check sees it. */
    record FaultFailed(long atMs, int window, String action, String phase, String error) implements HistoryEvent {
    }

    /** The consumer group as the AdminClient saw it, written whenever membership or assignment changed. */
    record ConsumerGroupObserved(long atMs, String group, String state, int groupEpoch, List<GroupMember> members)
            implements HistoryEvent {
    }

    record GroupMember(String memberId, String clientId, List<Integer> partitions) {
    }

    /** One garbage collection of a service JVM, from JFR; {@code atMs} is when it started. */
    record GcPause(long atMs, String instance, long pid, long gcId, String name, String cause,
                   double sumOfPausesMs, double longestPauseMs) implements HistoryEvent {
    }

    /**
     * The Java a service JVM ran on, from its JFR recording (the initial system properties and
     * {@code jdk.JVMInformation} JFR writes at each chunk's start): {@code javaVersion} as
     * {@code java.vm.version} says it, {@code vendor} as {@code java.vm.vendor}; {@code atMs}: the JVM's start.
     */
    record JvmRuntime(long atMs, String instance, long pid, String javaVersion, String vendor, String vmName)
            implements HistoryEvent {
    }

    /**
     * The heap in use just before or just after ({@code afterGc}) garbage collection {@code gcId} of a
     * service JVM, from JFR's {@code jdk.GCHeapSummary}.
     */
    record HeapSummary(long atMs, String instance, long pid, long gcId, boolean afterGc, long heapUsedBytes)
            implements HistoryEvent {
    }

    /**
     * An object a service JVM still held when it exited, as JFR's old-object sampler kept it: its
     * class, when it was allocated ({@code atMs}), and the innermost frames of its allocation stack.
     */
    record OldObjectSampled(long atMs, String instance, long pid, String objectClass, long arrayElements,
                            List<String> allocatedAt) implements HistoryEvent {
    }

    /**
     * The sessions a database server counted on {@code database} of service {@code service}, other
     * than the harness's own ({@code pg_stat_activity}), {@code idleInTransaction} of them holding a
     * transaction open with nothing running.
     */
    record DatabaseSessions(long atMs, String service, String database, long sessions, long idleInTransaction)
            implements HistoryEvent {
    }

    /** Live threads of a service JVM, from JFR's periodic {@code jdk.JavaThreadStatistics}. */
    record ThreadCount(long atMs, String instance, long pid, long active, long daemon) implements HistoryEvent {
    }

    /**
     * The deadline one service instance saw for one request, as it reported it (an optional
     * enrichment, see {@code DeadlineLogProbe}): what budget it received, what it passed on, whether
     * it did the work ({@code done}) or undid work done for it earlier ({@code undone}: a
     * compensation, such as a voided authorization), and what it says it did ({@code outcome}).
     */
    record DeadlineObserved(long atMs, String instance, String correlationId, long budgetReceivedMs, long budgetSentMs,
                            long elapsedBeforeCallMs, boolean done, boolean undone, String outcome)
            implements HistoryEvent {
    }

    /** What the experiment's checks judge, with their subjects and thresholds, so {@code analyze} judges alike. */
    record ChecksDeclared(long atMs, JsonNode checks) implements HistoryEvent {
    }

    /**
     * Threads of a service JVM that started during the load (after the JVM was ready) and had not
     * ended when the JVM stopped, grouped by name pattern (digits as {@code N}), with the stack that
     * started one. When the recording holds a thread dump taken at exit ({@code classified}):
     * {@code poolWorkers} of them were workers of an executor, whose idle ones waited on
     * {@code pools} distinct queues; {@code heldAt} is the top frame of one that was not a pool
     * worker (empty when all were).
     */
    record LingeringThreads(long atMs, String instance, long pid, String pattern, int count, List<String> startStack,
                            boolean classified, int poolWorkers, int pools, String heldAt, int ownedThreads,
                            String ownedBy, int poolsAccounted) implements HistoryEvent {

        public LingeringThreads {
            ownedBy = ownedBy == null ? "" : ownedBy; // absent from a history written before owned threads
        }

        /** Threads with no owner a thread dump could tell (no pool, no client), and no pool beyond the first. */
        public LingeringThreads(long atMs, String instance, long pid, String pattern, int count, List<String> startStack,
                                boolean classified, int poolWorkers, int pools, String heldAt) {
            this(atMs, instance, pid, pattern, count, startStack, classified, poolWorkers, pools, heldAt, 0, "", 1);
        }

        /**
         * Threads nothing accounts for: not pool workers, nor threads a client or the JVM owns
         * ({@code ownedThreads}), plus every pool beyond those accounted for ({@code poolsAccounted}: the
         * first, or one per owner for a pool its owner makes for itself).
         */
        public int unaccounted() {
            return count - poolWorkers - ownedThreads + Math.max(0, pools - Math.max(1, poolsAccounted));
        }
    }

    /**
     * One HTTP/1.1 exchange the fault proxy saw on an HTTP link ({@code caller->callee-N}): the
     * request line, the budget header found ({@code budgetHeader} null when none; {@code budgetMs}
     * -1 then or when not a number), the correlation id, when the request's first byte arrived
     * from the caller and when the response's first byte left toward it (after the link's
     * toxics), and the status (0: the connection ended before an answer). {@code atMs} is the
     * response's time, or the request's when none came.
     */
    record HttpExchangeObserved(long atMs, String link, String method, String target, String budgetHeader,
                                long budgetMs, String correlationId, long requestAtMs, long responseAtMs, int status)
            implements HistoryEvent {
    }

    /** How often the bytes on an HTTP link were not HTTP/1.1 the proxy could follow (counted, not guessed). */
    record WireUnparsed(long atMs, String link, long count) implements HistoryEvent {
    }

    /** A started process passed its readiness check. */
    record ProcessReady(long atMs, String name, long pid) implements HistoryEvent {
    }

    /**
     * After the load: whether the group committed to the end of its topics ({@code topic}, comma-separated)
     * and was Stable within the bound; {@code detail} says where it stood when the wait ended
     * (e.g. {@code lag 248 on events, PreparingRebalance}), empty in histories from before it.
     */
    record GroupDrained(long atMs, String group, String topic, boolean drained, String detail) implements HistoryEvent {
        public GroupDrained {
            detail = detail == null ? "" : detail;
        }

        public GroupDrained(long atMs, String group, String topic, boolean drained) {
            this(atMs, group, topic, drained, "");
        }
    }

    /** A probe could not observe something (e.g. the JFR of a JVM killed with SIGKILL). */
    record ProbeGap(long atMs, String probe, String instance, String reason) implements HistoryEvent {
        /** The probe of a gap a transaction left open on a topic read after the load ({@code instance}: the topic). */
        public static final String OPEN_TRANSACTION = "kafka-transaction";
    }

    /** A record read from a topic after the load drained. */
    record KafkaRecordSeen(long atMs, String topic, int partition, long offset, String key,
                           long timestampMs, JsonNode value) implements HistoryEvent {
    }

    /**
     * After the load, the state a service gave for one accepted request's id when asked
     * ({@code GET}): {@code source} names what was read ({@code http:<service><path>}), {@code status}
     * is the HTTP status (0: no answer), {@code value} the body as JSON.
     */
    record FinalRead(long atMs, String source, String id, int status, JsonNode value) implements HistoryEvent {
    }

    /**
     * After the drain, one row of a query a check reads its effects from: {@code source} names it
     * ({@code jdbc:<service>/<database>}), {@code row} counts from 1 in the query's order,
     * {@code timestampMs} is its time column (-1: none declared or empty), {@code value} the row as
     * a JSON object, column label to value.
     */
    record RowRead(long atMs, String source, long row, long timestampMs, JsonNode value) implements HistoryEvent {
    }

    /**
     * A link's traffic since the fault proxy created it, as its counts stood at {@code atMs}
     * (written when they changed): connections accepted and open, upstream dials that failed, bytes
     * from caller to callee ({@code bytesUpstream}) and back, connections that ended with a reset.
     */
    record LinkTrafficObserved(long atMs, String link, long accepted, long open, long dialFailures, long bytesUpstream,
                               long bytesDownstream, long resets) implements HistoryEvent {

        public boolean sameCounts(LinkTrafficObserved other) {
            return accepted == other.accepted && open == other.open && dialFailures == other.dialFailures
                    && bytesUpstream == other.bytesUpstream && bytesDownstream == other.bytesDownstream
                    && resets == other.resets;
        }
    }

    /** A consumer group's lag at {@code atMs}: records of its partitions beyond its committed offsets. */
    record ConsumerLagObserved(long atMs, String group, long lag) implements HistoryEvent {
    }
}
