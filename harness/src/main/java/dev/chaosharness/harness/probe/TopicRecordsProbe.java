package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.spec.DuplicateSubject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * After the drain, the records of every topic a check reads: each topic where accepted requests
 * reach their final state is first given its settle time to stop growing; then every source,
 * effects and completion topic is read to its end, from where it stood when the environment was
 * ready for the run: in an environment a suite shares, the records of earlier runs are not this run's.
 */
public final class TopicRecordsProbe implements Probe {

    /** A topic counts as settled once it has not grown for this long. */
    private static final Duration SETTLED_QUIET = Duration.ofSeconds(2);
    /** How long the read of all topics may take. */
    private static final Duration READ_BOUND = Duration.ofSeconds(60);

    private final ProbeContext run;
    private Map<String, Map<Integer, Long>> startOffsets = Map.of();

    public TopicRecordsProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void verify() {
        Map<String, Boolean> topics = topicsToRead();
        if (topics.isEmpty()) {
            return;
        }
        startOffsets = new TopicContents(run.environment().kafkaBootstrap(), run.history()).endOffsets(topics.keySet());
        run.progress().accept("probes: the topics will be read from their offsets now (by partition): " + startOffsets);
    }

    @Override
    public void readAfterLoad() {
        Map<String, Boolean> topics = topicsToRead();
        if (topics.isEmpty()) {
            return;
        }
        TopicContents contents = new TopicContents(run.environment().kafkaBootstrap(), run.history());
        for (CompletionSubject subject : run.checks().completion()) {
            if (readsTopic(subject)) {
                long startedNanos = System.nanoTime();
                boolean settled = contents.awaitSettled(subject.topic(), Duration.ofMillis(subject.settleMs()), SETTLED_QUIET);
                run.progress().accept("probes: " + subject.topic() + (settled ? " settled" : " still growing") + " after "
                        + Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() + " ms (settle-seconds: "
                        + subject.settleMs() / 1000 + ")");
            }
        }
        int records = contents.recordTopics(topics, startOffsets, READ_BOUND);
        run.progress().accept("probes: " + records + " records read from " + topics.keySet());
    }

    private static boolean readsTopic(CompletionSubject subject) {
        return !subject.readsHttp() && subject.query().isEmpty();
    }

    /** The topics the checks read, each with whether its keys are longs. */
    private Map<String, Boolean> topicsToRead() {
        Map<String, Boolean> topics = new LinkedHashMap<>();
        for (CompletionSubject subject : run.checks().completion()) {
            if (readsTopic(subject)) {
                topics.merge(subject.topic(), subject.longKeys(), Boolean::logicalOr);
            }
        }
        for (DuplicateSubject subject : run.checks().duplicates()) {
            topics.merge(subject.source().topic(), subject.source().longKeys(), Boolean::logicalOr);
            if (subject.effectsQuery().isEmpty()) {
                topics.merge(subject.effects().topic(), subject.effects().longKeys(), Boolean::logicalOr);
            }
        }
        return topics;
    }
}
