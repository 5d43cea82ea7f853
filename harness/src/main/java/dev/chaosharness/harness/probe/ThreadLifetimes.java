package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;

/**
 * Threads started in a window (the load, from when the JVM was ready) that never ended, from JFR's
 * thread start and end events, and what each was doing in the last thread dump of the recording
 * (JFR's default settings dump every thread at the end of each chunk, so also at exit).
 */
final class ThreadLifetimes {

    private static final int STACK_FRAMES = 8;

    private record Started(long id, String name, long atMs, List<String> stack) {
    }

    private final long sinceMs;
    private final long untilMs;
    private final Map<Long, Started> started = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();
    private long lastEventMs;
    private String lastDump;
    private long lastDumpAtMs = Long.MIN_VALUE;

    ThreadLifetimes(long sinceMs, long untilMs) {
        this.sinceMs = sinceMs;
        this.untilMs = untilMs;
    }

    void accept(RecordedEvent event) {
        lastEventMs = Math.max(lastEventMs, event.getEndTime().toEpochMilli());
        String type = event.getEventType().getName();
        long atMs = event.getStartTime().toEpochMilli();
        if (type.equals("jdk.ThreadStart") && atMs >= sinceMs && atMs <= untilMs) {
            RecordedThread thread = event.getThread("thread");
            if (thread != null) {
                started.put(thread.getJavaThreadId(), new Started(thread.getJavaThreadId(),
                        String.valueOf(thread.getJavaName()), atMs, stack(event)));
            }
        } else if (type.equals("jdk.ThreadEnd")) {
            RecordedThread thread = event.getThread("thread");
            if (thread != null) {
                ended.add(thread.getJavaThreadId());
            }
        } else if (type.equals("jdk.ThreadDump") && atMs >= lastDumpAtMs) {
            lastDump = event.getString("result");
            lastDumpAtMs = atMs;
        }
    }

    List<HistoryEvent.LingeringThreads> lingering(String instance, long pid) {
        Map<String, List<Started>> byPattern = new TreeMap<>();
        started.forEach((id, thread) -> {
            if (!ended.contains(id)) {
                byPattern.computeIfAbsent(thread.name().replaceAll("\\d+", "N"), k -> new ArrayList<>()).add(thread);
            }
        });
        Optional<ThreadDumpText> dump = Optional.ofNullable(lastDump).map(ThreadDumpText::new);
        List<HistoryEvent.LingeringThreads> result = new ArrayList<>();
        byPattern.forEach((pattern, threads) -> result.add(classify(instance, pid, pattern, threads, dump)));
        return result;
    }

    private HistoryEvent.LingeringThreads classify(String instance, long pid, String pattern, List<Started> threads,
                                                   Optional<ThreadDumpText> dump) {
        int workers = 0;
        int owned = 0;
        Set<String> owners = new java.util.TreeSet<>();
        Set<String> pools = new HashSet<>();
        int poolsAccounted = 1;
        String heldAt = "";
        boolean classified = dump.isPresent();
        for (Started thread : threads) {
            Optional<ThreadDumpText.DumpedThread> dumped = dump.flatMap(d -> d.thread(thread.id()));
            if (dumped.isEmpty()) {
                // started and alive at the end of the recording, yet not in its exit dump: cannot say
                classified = false;
                continue;
            }
            if (dumped.get().poolWorker()) {
                workers++;
                dumped.get().waitsOnPool().ifPresent(pools::add);
                int perOwner = dumped.get().onePoolPer().map(owner -> dump.get().ownedBy(owner)).orElse(1);
                poolsAccounted = Math.max(poolsAccounted, perOwner);
            } else if (dumped.get().ownedBy().isPresent()) {
                owned++;
                owners.add(dumped.get().ownedBy().get());
            } else if (heldAt.isEmpty()) {
                heldAt = dumped.get().topFrame();
            }
        }
        return new HistoryEvent.LingeringThreads(lastEventMs, instance, pid, pattern, threads.size(),
                threads.get(0).stack(), classified, workers, pools.size(), heldAt, owned, String.join(", ", owners),
                poolsAccounted);
    }

    private static List<String> stack(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return List.of();
        }
        List<String> frames = new ArrayList<>();
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            if (frames.size() == STACK_FRAMES) {
                break;
            }
            frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
                    + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : ""));
        }
        return frames;
    }
}
