package dev.chaosharness.faultproxy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The threads that move every proxy's bytes: one {@link EventLoop} per core (at most four),
 * whatever the number of proxies and connections. Listeners and connections are spread over them
 * in turn; a connection stays on one loop.
 */
final class DataPlane implements AutoCloseable {

    private final List<EventLoop> loops;
    private final AtomicInteger turn = new AtomicInteger();

    DataPlane(int loopCount) {
        this.loops = IntStream.range(0, loopCount).mapToObj(i -> new EventLoop("fault-proxy-loop-" + i)).toList();
    }

    /** One loop per available core, between 1 and 4. */
    static DataPlane forThisMachine() {
        return new DataPlane(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    EventLoop next() {
        return loops.get(Math.floorMod(turn.getAndIncrement(), loops.size()));
    }

    @Override
    public void close() {
        loops.forEach(EventLoop::close);
    }
}
