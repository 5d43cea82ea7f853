package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;

/** Threads started after the load began that never ended, from JFR's thread start and end events. */
final class ThreadLifetimes {

    private static final int STACK_FRAMES = 8;

    private record Started(String name, long atMs, List<String> stack) {
    }

    private final long sinceMs;
    private final Map<Long, Started> started = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();
    private long lastEventMs;

    ThreadLifetimes(long sinceMs) {
        this.sinceMs = sinceMs;
    }

    void accept(RecordedEvent event) {
        lastEventMs = Math.max(lastEventMs, event.getEndTime().toEpochMilli());
        String type = event.getEventType().getName();
        if (type.equals("jdk.ThreadStart") && event.getStartTime().toEpochMilli() >= sinceMs) {
            RecordedThread thread = event.getThread("thread");
            if (thread != null) {
                started.put(thread.getJavaThreadId(), new Started(String.valueOf(thread.getJavaName()),
                        event.getStartTime().toEpochMilli(), stack(event)));
            }
        } else if (type.equals("jdk.ThreadEnd")) {
            RecordedThread thread = event.getThread("thread");
            if (thread != null) {
                ended.add(thread.getJavaThreadId());
            }
        }
    }

    List<HistoryEvent.LingeringThreads> lingering(String instance, long pid) {
        Map<String, List<Started>> byPattern = new TreeMap<>();
        started.forEach((id, thread) -> {
            if (!ended.contains(id)) {
                byPattern.computeIfAbsent(thread.name().replaceAll("\\d+", "N"), k -> new ArrayList<>()).add(thread);
            }
        });
        List<HistoryEvent.LingeringThreads> result = new ArrayList<>();
        byPattern.forEach((pattern, threads) -> result.add(new HistoryEvent.LingeringThreads(lastEventMs, instance, pid,
                pattern, threads.size(), threads.get(0).stack())));
        return result;
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
