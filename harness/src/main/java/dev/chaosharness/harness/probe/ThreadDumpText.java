package dev.chaosharness.harness.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threads of a HotSpot thread dump as JFR's {@code jdk.ThreadDump} records it (the text of
 * {@code jstack}), by Java thread id. Parsed by hand: the JDK offers the text and no parser, and
 * only three facts are needed from each thread: whether it is a worker of an executor, whether it
 * waits for a task, and which queue it waits on (the object it is parked on identifies its pool).
 */
final class ThreadDumpText {

    /**
     * What one thread was doing when the dump was taken. {@code ownedBy}: what it belongs to and ends
     * with when it is no pool worker ({@link #OWNED}); {@code onePoolPer}: for a worker of a pool made
     * once per such an owner, that owner ({@link PoolKind#onePoolPer}).
     */
    record DumpedThread(long javaId, String name, boolean poolWorker, Optional<String> waitsOnPool, String topFrame,
                        Optional<String> ownedBy, Optional<String> onePoolPer) {
    }

    /**
     * The thread pools whose workers are told apart, by frames of their worker loop (any frame of
     * the stack ending so) and of their wait for a task. A new pool kind is one line here. A kind
     * with {@code onePoolPer} is a pool an owner makes for itself, told by its threads' names: as
     * many of its pools as there are live threads of that owner are accounted for, not only the first.
     */
    private record PoolKind(List<String> workerFrames, List<String> idleFrames, Optional<Pattern> names,
                            Optional<String> onePoolPer) {
        PoolKind(List<String> workerFrames, List<String> idleFrames) {
            this(workerFrames, idleFrames, Optional.empty(), Optional.empty());
        }

        boolean isWorker(String method) {
            return workerFrames.stream().anyMatch(method::endsWith);
        }

        boolean isIdle(String method) {
            return idleFrames.stream().anyMatch(method::endsWith);
        }

        boolean names(String threadName) {
            return names.map(p -> p.matcher(threadName).matches()).orElse(true);
        }
    }

    private static final String SPRING_KAFKA_LISTENER = "a Spring Kafka listener container";

    private static final List<PoolKind> POOLS = List.of(
            // Spring Kafka gives each listener container (each of a concurrent container's children) a
            // ThreadPoolTaskScheduler of its own when none is set: pools of one "ThreadPoolTaskScheduler-1"
            new PoolKind(List.of("ThreadPoolExecutor.runWorker"), List.of("ThreadPoolExecutor.getTask"),
                    Optional.of(Pattern.compile("ThreadPoolTaskScheduler-\\d+")), Optional.of(SPRING_KAFKA_LISTENER)),
            // java.util.concurrent's executors, and Tomcat's ThreadPoolExecutor (its own copy of the JDK's)
            new PoolKind(List.of("ThreadPoolExecutor.runWorker"), List.of("ThreadPoolExecutor.getTask")),
            new PoolKind(List.of("ForkJoinWorkerThread.run"), List.of("ForkJoinPool.awaitWork")),
            // Jetty's QueuedThreadPool (9.4 to 12, shaded or not, as in WireMock): an idle worker polls
            // its job queue; a reserved thread (ReservedThreadExecutor) is a worker running a job
            new PoolKind(List.of("QueuedThreadPool$Runner.run", "QueuedThreadPool.runJob"),
                    List.of("QueuedThreadPool$Runner.idleJobPoll", "QueuedThreadPool.idleJobPoll")),
            // a java.lang.ref.Cleaner's thread ("Cleaner-0": Spring Boot's jar loader makes one when
            // first used), idle on its reference queue: a Cleaner per request is a pool per request
            new PoolKind(List.of("CleanerImpl.run"), List.of("ReferenceQueue.remove")));

    /**
     * Threads that are no pool's, yet no leak: each belongs to one object (a client, a container)
     * or to the JVM, lives as long as it and ends with it; a JVM restarted during the load starts
     * them after it is ready. Told by a frame of their run loop (any frame ending so), or by name for
     * the JVM's own. A new kind is one line here.
     */
    private record OwnedKind(String owner, List<String> frames, Optional<Pattern> names) {
        boolean owns(String threadName, List<String> methods) {
            return names.map(p -> p.matcher(threadName).matches()).orElse(false)
                    || methods.stream().anyMatch(m -> frames.stream().anyMatch(m::endsWith));
        }
    }

    private static final List<OwnedKind> OWNED = List.of(
            // "kafka-coordinator-heartbeat-thread | <group>": the classic protocol's, one per consumer in a group
            new OwnedKind("a Kafka consumer (its heartbeat)", List.of("AbstractCoordinator$HeartbeatThread.run"), Optional.empty()),
            // the consumer protocol's (KIP-848) AsyncKafkaConsumer: "consumer_background_thread"
            new OwnedKind("a Kafka consumer (its network thread)", List.of("ConsumerNetworkThread.run"), Optional.empty()),
            // "kafka-producer-network-thread | <client id>"
            new OwnedKind("a Kafka producer", List.of("producer.internals.Sender.run"), Optional.empty()),
            new OwnedKind("a Kafka admin client", List.of("KafkaAdminClient$AdminClientRunnable.run"), Optional.empty()),
            new OwnedKind("a Kafka Streams instance", List.of("StreamThread.run", "StateUpdater$StateUpdaterThread.run",
                    "GlobalStreamThread.run"), Optional.empty()),
            // "<container id>-0-C-1": the consumer thread of a listener container
            new OwnedKind(SPRING_KAFKA_LISTENER, List.of("KafkaMessageListenerContainer$ListenerConsumer.run"), Optional.empty()),
            // the thread that waits for the JVM's end once main() returned (a restarted Spring Boot
            // service returns from main after it is ready); Attach Listener: a jcmd or profiler attached;
            // the JVM's Notification Thread and Common-Cleaner, seen starting a few seconds into a slow boot
            new OwnedKind("the JVM itself", List.of(), Optional.of(Pattern.compile("DestroyJavaVM|Attach Listener|Notification Thread|Common-Cleaner"))));

    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" #(\\d+) ");
    private static final Pattern PARKED_ON = Pattern.compile("- (?:parking to wait for|waiting on)\\s+<(0x[0-9a-f]+)>");
    private static final Pattern FRAME = Pattern.compile("^\\s+at (\\S+)\\(");

    private final Map<Long, DumpedThread> byId = new HashMap<>();

    ThreadDumpText(String dump) {
        String[] lines = dump.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (header.find()) {
                int end = i + 1;
                while (end < lines.length && !lines[end].isBlank() && !lines[end].startsWith("\"")) {
                    end++;
                }
                DumpedThread thread = thread(Long.parseLong(header.group(2)), header.group(1), lines, i + 1, end);
                byId.put(thread.javaId(), thread);
                i = end - 1;
            }
        }
    }

    Optional<DumpedThread> thread(long javaId) {
        return Optional.ofNullable(byId.get(javaId));
    }

    int size() {
        return byId.size();
    }

    private static boolean isPlatform(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.");
    }

    private static DumpedThread thread(long id, String name, String[] lines, int from, int to) {
        List<String> methods = new ArrayList<>();
        String parkedOn = null;
        String topFrame = "";
        for (int i = from; i < to; i++) {
            String line = lines[i];
            Matcher frame = FRAME.matcher(line);
            if (frame.find()) {
                String method = frame.group(1);
                if (topFrame.isEmpty() || (isPlatform(topFrame) && !isPlatform(method))) {
                    topFrame = method; // the first frame of the application's own code says most
                }
                methods.add(method);
            }
            Matcher parked = PARKED_ON.matcher(line);
            if (parked.find() && parkedOn == null) {
                parkedOn = parked.group(1);
            }
        }
        Optional<PoolKind> kind = POOLS.stream()
                .filter(pool -> pool.names(name) && methods.stream().anyMatch(pool::isWorker)).findFirst();
        boolean waitingForTask = kind.isPresent() && methods.stream().anyMatch(kind.get()::isIdle);
        Optional<String> pool = waitingForTask ? Optional.of(parkedOn == null ? "?" : parkedOn) : Optional.empty();
        Optional<String> ownedBy = kind.isPresent() ? Optional.empty()
                : OWNED.stream().filter(owned -> owned.owns(name, methods)).map(OwnedKind::owner).findFirst();
        return new DumpedThread(id, name, kind.isPresent(), pool, topFrame, ownedBy, kind.flatMap(PoolKind::onePoolPer));
    }

    /** How many threads of the dump belong to {@code owner} (an {@link DumpedThread#ownedBy}). */
    int ownedBy(String owner) {
        return (int) byId.values().stream().filter(t -> t.ownedBy().filter(owner::equals).isPresent()).count();
    }
}
