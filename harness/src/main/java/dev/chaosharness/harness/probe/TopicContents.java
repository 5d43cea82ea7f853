package dev.chaosharness.harness.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the load: waits until every consumer group has committed up to the end of its topics and is
 * Stable (the drain), then reads the given topics to their end and writes every record to the history.
 */
public final class TopicContents {

    private static final Logger log = LoggerFactory.getLogger(TopicContents.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Kafka's default transaction timeout (60 s), and a margin for the broker to abort it. */
    private static final Duration OPEN_TRANSACTION_BOUND = Duration.ofSeconds(75);
    /** How often the drain says which groups it still waits for. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final String bootstrap;
    private final RunHistory history;

    public TopicContents(String bootstrap, RunHistory history) {
        this.bootstrap = bootstrap;
        this.history = history;
    }

    /**
     * Waits until every group in {@code groups} has drained ({@link GroupStanding#drained}: lag 0 on
     * each of its topics, and Stable), all within one {@code bound}, saying every few seconds which
     * are still waited for. Writes a {@code group-drained} event per group, with where it stood; a
     * group that did not drain is logged, not hidden. True when all drained.
     */
    public boolean awaitDrained(Collection<String> groups, Duration bound, Consumer<String> progress) {
        Map<String, GroupStanding> standings = new LinkedHashMap<>();
        long startedNanos = System.nanoTime();
        long[] nextProgressNanos = {startedNanos + PROGRESS_EVERY.toNanos()};
        boolean all;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            try {
                Awaitility.await("groups " + groups + " drained").atMost(bound).pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            for (String group : groups) {
                                if (!standings.containsKey(group) || !standings.get(group).drained()) {
                                    standings.put(group, standingOf(admin, group));
                                }
                            }
                            if (System.nanoTime() >= nextProgressNanos[0]) {
                                nextProgressNanos[0] += PROGRESS_EVERY.toNanos();
                                progress.accept("probes: drain, " + Duration.ofNanos(System.nanoTime() - startedNanos)
                                        .toSeconds() + " s of " + bound.toSeconds() + " s: waiting for " + waitingFor(standings));
                            }
                            return standings.values().stream().allMatch(GroupStanding::drained)
                                    && standings.size() == groups.size();
                        });
                all = true;
            } catch (ConditionTimeoutException e) {
                all = false;
            }
        }
        for (String group : groups) {
            GroupStanding standing = standings.getOrDefault(group, new GroupStanding(group, "not read", Map.of()));
            history.append(new HistoryEvent.GroupDrained(System.currentTimeMillis(), group, standing.topics(),
                    standing.drained(), standing.detail()));
            if (!standing.drained()) {
                log.warn("group {} did NOT drain within {} s: {}", group, bound.toSeconds(), standing.detail());
            }
        }
        return all;
    }

    private static GroupStanding standingOf(Admin admin, String group) {
        try {
            return GroupStanding.read(admin, group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading group " + group, e);
        } catch (Exception e) {
            return new GroupStanding(group, "not read (" + e.getMessage() + ")", Map.of());
        }
    }

    private static String waitingFor(Map<String, GroupStanding> standings) {
        return String.join("; ", standings.values().stream().filter(s -> !s.drained())
                .map(s -> s.group() + " (" + s.detail() + ")").toList());
    }

    /**
     * Waits until {@code topic} has stopped growing (its end offsets unchanged for {@code quiet}), at
     * most {@code bound}: the settle time a final state may take to appear after the load. Returns
     * whether it settled.
     */
    public boolean awaitSettled(String topic, Duration bound, Duration quiet) {
        long[] last = {-1, System.nanoTime()};
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Awaitility.await(topic + " unchanged for " + quiet.toMillis() + " ms")
                    .atMost(bound.plus(quiet))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        long end = endOffsets(admin, topic);
                        if (end != last[0]) {
                            last[0] = end;
                            last[1] = System.nanoTime();
                        }
                        return System.nanoTime() - last[1] >= quiet.toNanos();
                    });
            return true;
        } catch (ConditionTimeoutException e) {
            log.warn("{} was still growing {} s after the load", topic, bound.toSeconds());
            return false;
        }
    }

    /**
     * A transaction left open on a topic (its producer killed mid-transaction, and no new producer
     * with its id has fenced it yet) holds back what a read-committed reader sees of the partitions
     * it touched, until the broker aborts it at its transaction timeout (60 s by default). Read
     * before then, committed records after it look missing: so the read waits until every
     * partition's last stable offset has reached its end, at most {@link #OPEN_TRANSACTION_BOUND};
     * a topic still held back then is a {@code probe-gap} ({@link HistoryEvent.ProbeGap#OPEN_TRANSACTION}), and the
     * checks say UNKNOWN rather than "lost".
     */
    private void awaitNoOpenTransaction(String topic) {
        long startedNanos = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Awaitility.await(topic + " with no open transaction").atMost(OPEN_TRANSACTION_BOUND)
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> heldBack(admin, topic).isEmpty());
            long waitedMs = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
            if (waitedMs > 1000) {
                log.info("{}: waited {} ms for a transaction left open on it to end", topic, waitedMs);
            }
        } catch (ConditionTimeoutException e) {
            String held;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                held = heldBack(admin, topic).toString();
            } catch (Exception other) {
                held = "its partitions";
            }
            history.append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), HistoryEvent.ProbeGap.OPEN_TRANSACTION, topic,
                    "a transaction was still open on " + held + " " + OPEN_TRANSACTION_BOUND.toSeconds()
                            + " s after the load: committed records after it could not be read"));
        }
    }

    /** The partitions whose last stable offset is behind their end (an open transaction), with both offsets. */
    private static Map<Integer, String> heldBack(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .get(5, TimeUnit.SECONDS);
        var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(5, TimeUnit.SECONDS);
        Map<Integer, String> held = new java.util.TreeMap<>();
        ends.forEach((partition, end) -> {
            long lso = stable.get(partition).offset();
            if (lso < end.offset()) {
                held.put(partition.partition(), "stable " + lso + " of " + end.offset());
            }
        });
        return held;
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream()
                .mapToLong(o -> o.offset()).sum();
    }

    /**
     * Reads each topic to its end and appends one {@code kafka-record} event per record; a topic
     * mapped to true has 8-byte long keys (Kafka's LongSerializer), written as decimal text.
     */
    public int recordTopics(Map<String, Boolean> longKeysByTopic, Duration bound) {
        return recordTopics(longKeysByTopic, Map.of(), bound);
    }

    /** As {@link #recordTopics(Map, Duration)}, each topic from the offsets {@code startOffsets} gives for it, if any. */
    public int recordTopics(Map<String, Boolean> longKeysByTopic, Map<String, Map<Integer, Long>> startOffsets, Duration bound) {
        int count = 0;
        for (Map.Entry<String, Boolean> topic : longKeysByTopic.entrySet()) {
            awaitNoOpenTransaction(topic.getKey());
            for (ConsumerRecord<byte[], String> record : TopicReader.readFrom(bootstrap, topic.getKey(),
                    startOffsets.getOrDefault(topic.getKey(), Map.of()), bound)) {
                history.append(new HistoryEvent.KafkaRecordSeen(System.currentTimeMillis(), record.topic(),
                        record.partition(), record.offset(), key(record.key(), topic.getValue()), record.timestamp(),
                        json(record.value())));
                count++;
            }
        }
        return count;
    }

    private static String key(byte[] key, boolean asLong) {
        if (key == null) {
            return null;
        }
        return asLong && key.length == Long.BYTES ? Long.toString(ByteBuffer.wrap(key).getLong())
                : new String(key, StandardCharsets.UTF_8);
    }

    /** Each topic's end offset by partition now: where a run that begins now starts reading it. */
    public Map<String, Map<Integer, Long>> endOffsets(java.util.Collection<String> topics) {
        Map<String, Map<Integer, Long>> offsets = new java.util.LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, org.apache.kafka.clients.admin.TopicDescription> existing = new HashMap<>();
            for (String topic : topics) {
                try {
                    existing.put(topic, admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic));
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // not created yet: read from its beginning
                }
            }
            for (String topic : existing.keySet()) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                existing.get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                Map<Integer, Long> byPartition = new java.util.TreeMap<>();
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                        .forEach((partition, info) -> byPartition.put(partition.partition(), info.offset()));
                offsets.put(topic, byPartition);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + topics, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topics + ": " + e.getMessage(), e);
        }
        return offsets;
    }

    private static JsonNode json(String value) {
        if (value == null) {
            return TextNode.valueOf("");
        }
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            return TextNode.valueOf(value);
        }
    }
}
