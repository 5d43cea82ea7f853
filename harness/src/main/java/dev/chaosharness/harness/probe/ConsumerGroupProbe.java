package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls consumer groups with the AdminClient and writes each one's state to the history whenever
 * its members, their assignments, its state or its epoch change: the rebalance timeline. Every
 * second it also writes each group's lag: the records of its topics' partitions beyond its
 * committed offsets.
 */
public final class ConsumerGroupProbe implements Probe {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupProbe.class);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

    private final ProbeContext run;
    private final List<String> groups;
    private final RunHistory history;
    private Admin admin;
    private Thread thread;
    private volatile boolean running = true;
    private final Map<String, HistoryEvent.ConsumerGroupObserved> last = new java.util.HashMap<>();

    /** Watches every group the system declares. */
    public ConsumerGroupProbe(ProbeContext run) {
        this.run = run;
        this.groups = List.copyOf(run.environment().system().groups().keySet());
        this.history = run.history();
    }

    @Override
    public void startWatching() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, run.environment().kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
        thread = new Thread(this::pollLoop, "consumer-group-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void pollLoop() {
        long nextLagNanos = System.nanoTime();
        while (running) {
            boolean lagDue = System.nanoTime() >= nextLagNanos;
            if (lagDue) {
                nextLagNanos = System.nanoTime() + LAG_INTERVAL.toNanos();
            }
            for (String group : groups) {
                try {
                    observe(group);
                    if (lagDue) {
                        observeLag(group);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    log.debug("consumer group probe, group {}: {}", group, e.toString());
                }
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void observe(String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                .get(group).get(2, TimeUnit.SECONDS);
        List<HistoryEvent.GroupMember> members = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            List<Integer> partitions = member.assignment().topicPartitions().stream()
                    .map(TopicPartition::partition).sorted().toList();
            members.add(new HistoryEvent.GroupMember(member.consumerId(), member.clientId(), partitions));
        }
        members.sort(Comparator.comparing(HistoryEvent.GroupMember::clientId).thenComparing(HistoryEvent.GroupMember::memberId));
        HistoryEvent.ConsumerGroupObserved now = new HistoryEvent.ConsumerGroupObserved(System.currentTimeMillis(), group,
                description.groupState().toString(), description.groupEpoch().orElse(-1), members);
        HistoryEvent.ConsumerGroupObserved before = last.get(group);
        if (before == null || !sameAs(before, now)) {
            history.append(now);
            last.put(group, now);
        }
    }

    /** The group's lag: for each partition it has committed to, the end offset minus the committed one. */
    private void observeLag(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(2, TimeUnit.SECONDS);
        if (committed.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(2, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            ListOffsetsResult.ListOffsetsResultInfo end = ends.get(entry.getKey());
            if (end != null && entry.getValue() != null) {
                lag += Math.max(0, end.offset() - entry.getValue().offset());
            }
        }
        history.append(new HistoryEvent.ConsumerLagObserved(System.currentTimeMillis(), group, lag));
    }

    private static boolean sameAs(HistoryEvent.ConsumerGroupObserved a, HistoryEvent.ConsumerGroupObserved b) {
        return a.state().equals(b.state()) && a.groupEpoch() == b.groupEpoch() && Objects.equals(a.members(), b.members());
    }

    /** Stops polling; each group's lag is sampled once more, as it stands now (after the drain, when there is one). */
    @Override
    public void stopWatching() {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String group : groups) {
            try {
                observeLag(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.debug("consumer group probe, last lag of group {}: {}", group, e.toString());
            }
        }
        admin.close(Duration.ofSeconds(2));
    }
}
