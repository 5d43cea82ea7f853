package dev.chaosharness.harness.probe;

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

    /** What one thread was doing when the dump was taken. */
    record DumpedThread(long javaId, String name, boolean poolWorker, Optional<String> waitsOnPool, String topFrame) {
    }

    /**
     * The thread pools whose workers are told apart, by frames of their worker loop (any frame of
     * the stack ending so) and of their wait for a task. A new pool kind is one line here.
     */
    private record PoolKind(List<String> workerFrames, List<String> idleFrames) {
        boolean isWorker(String method) {
            return workerFrames.stream().anyMatch(method::endsWith);
        }

        boolean isIdle(String method) {
            return idleFrames.stream().anyMatch(method::endsWith);
        }
    }

    private static final List<PoolKind> POOLS = List.of(
            // java.util.concurrent's executors, and Tomcat's ThreadPoolExecutor (its own copy of the JDK's)
            new PoolKind(List.of("ThreadPoolExecutor.runWorker"), List.of("ThreadPoolExecutor.getTask")),
            new PoolKind(List.of("ForkJoinWorkerThread.run"), List.of("ForkJoinPool.awaitWork")),
            // Jetty's QueuedThreadPool (9.4 to 12, shaded or not, as in WireMock): an idle worker polls
            // its job queue; a reserved thread (ReservedThreadExecutor) is a worker running a job
            new PoolKind(List.of("QueuedThreadPool$Runner.run", "QueuedThreadPool.runJob"),
                    List.of("QueuedThreadPool$Runner.idleJobPoll", "QueuedThreadPool.idleJobPoll")));

    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" #(\\d+) ");
    private static final Pattern PARKED_ON = Pattern.compile("- parking to wait for\\s+<(0x[0-9a-f]+)>");
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
        boolean worker = false;
        boolean waitingForTask = false;
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
                worker |= POOLS.stream().anyMatch(pool -> pool.isWorker(method));
                waitingForTask |= POOLS.stream().anyMatch(pool -> pool.isIdle(method));
            }
            Matcher parked = PARKED_ON.matcher(line);
            if (parked.find() && parkedOn == null) {
                parkedOn = parked.group(1);
            }
        }
        Optional<String> pool = worker && waitingForTask ? Optional.of(parkedOn == null ? "?" : parkedOn) : Optional.empty();
        return new DumpedThread(id, name, worker, pool, topFrame);
    }
}
