package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.Chunk;
import dev.chaosharness.faultproxy.toxic.HttpToxic;
import dev.chaosharness.faultproxy.toxic.HttpView;
import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.faultproxy.toxic.ToxicContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One way of a connection. A reader thread timestamps what arrives and queues it; a writer
 * thread runs each chunk through the current toxics of this stream, in creation order, and
 * writes what comes out. Keeping the two apart is what lets latency delay every chunk from its
 * own arrival without reducing throughput.
 */
final class Direction {

    private static final int READ_BUFFER = 64 * 1024;
    private static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    private static final long THREAD_STACK = 256 * 1024;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private final Connection connection;
    private final Stream stream;
    private final InputStream source;
    private final OutputStream destination;
    private final Set<String> toxicsAtAccept;
    private final FaultRandom random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private final Map<ToxicInstance, Context> contexts = new IdentityHashMap<>();
    private long queuedBytes;
    private boolean writing;
    private final Tap tap;

    /**
     * Sees bytes without changing them: upstream as they are read, downstream as they are about to
     * be written (so whoever the bytes reach finds them already observed).
     */
    interface Tap {
        void bytes(byte[] data, int offset, int length, long atMs);
    }

    Direction(Connection connection, Stream stream, InputStream source, OutputStream destination,
              Set<String> toxicsAtAccept, FaultRandom random, Tap tap) {
        this.connection = connection;
        this.stream = stream;
        this.source = source;
        this.destination = destination;
        this.toxicsAtAccept = toxicsAtAccept;
        this.random = random;
        this.tap = tap;
    }

    private void tap(Stream at, byte[] data, int offset, int length) {
        if (tap != null && stream == at) {
            tap.bytes(data, offset, length, System.currentTimeMillis());
        }
    }

    void start(String proxyName) {
        String suffix = proxyName + "-" + stream.name().toLowerCase();
        new Thread(null, this::readLoop, "fault-proxy-read-" + suffix, THREAD_STACK).start();
        new Thread(null, this::writeLoop, "fault-proxy-write-" + suffix, THREAD_STACK).start();
    }

    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[READ_BUFFER];
        try {
            int n;
            while ((n = source.read(buffer)) >= 0) {
                connection.proxy().trafficCounters().read(stream, n);
                tap(Stream.UPSTREAM, buffer, 0, n);
                if (n > 0 && !writeDirectly(buffer, n)) {
                    enqueue(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
                }
            }
            enqueue(END);
        } catch (java.net.SocketException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset")) {
                connection.closeAfterPeerReset(); // the JDK's only sign of an RST is its message
            } else {
                connection.close(false);
            }
        } catch (IOException e) {
            connection.close(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close(false);
        }
    }

    /**
     * The fast path: with no toxic on this stream, nothing queued and the writer idle, the reader
     * writes itself, saving a copy and a thread hand-off. Order holds: the reader is the only
     * producer, and the writer cannot start while {@code writing} is set.
     */
    private boolean writeDirectly(byte[] buffer, int length) throws IOException {
        lock.lock();
        try {
            if (writing || !queue.isEmpty() || !connection.proxy().toxics(stream).isEmpty() || !contexts.isEmpty()) {
                return false;
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        try {
            if (!connection.isClosed()) {
                synchronized (destination) {
                    tap(Stream.DOWNSTREAM, buffer, 0, length);
                    destination.write(buffer, 0, length);
                }
            }
            return true;
        } finally {
            lock.lock();
            try {
                writing = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void enqueue(Chunk chunk) throws InterruptedException {
        lock.lock();
        try {
            while (queuedBytes > MAX_QUEUED_BYTES && !connection.isClosed()) {
                changed.await(); // back-pressure: the sender waits, as it would on a slow link
            }
            queue.add(chunk);
            queuedBytes += chunk.length();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        try {
            while (!connection.isClosed()) {
                Chunk chunk = next();
                if (chunk == null) {
                    return;
                }
                if (chunk == END) {
                    for (Context context : activeContexts()) {
                        context.instance.toxic().onSourceClosed(context);
                    }
                    connection.close(false);
                    return;
                }
                try {
                    new Pipeline(activeContexts()).send(chunk);
                } finally {
                    doneWriting();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close(false);
        } catch (IOException e) {
            connection.close(false);
        }
    }

    private void doneWriting() {
        lock.lock();
        try {
            writing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next chunk; meanwhile keeps toxics' start, removal and idle timers up to date. */
    private Chunk next() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() || writing) {
                if (connection.isClosed()) {
                    return null;
                }
                refreshContexts();
                long deadline = earliestTimer();
                long now = System.nanoTime();
                if (deadline != Long.MAX_VALUE && now >= deadline) {
                    lock.unlock();
                    try {
                        connection.close(false);
                    } finally {
                        lock.lock();
                    }
                    return null;
                }
                if (deadline == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(deadline - now);
                }
            }
            Chunk chunk = queue.poll();
            writing = true;
            queuedBytes -= chunk.length();
            changed.signalAll();
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    /** Contexts of the toxics now on this stream, in creation order, skipping those whose draw said no. */
    private List<Context> activeContexts() {
        lock.lock();
        try {
            refreshContexts();
            List<Context> active = new ArrayList<>();
            for (ToxicInstance instance : connection.proxy().toxics(stream)) {
                Context context = contexts.get(instance);
                if (context != null && context.enabled) {
                    active.add(context);
                }
            }
            return active;
        } finally {
            lock.unlock();
        }
    }

    /** Starts contexts for new toxics and ends those of removed ones. Called with the lock held. */
    private void refreshContexts() {
        List<ToxicInstance> current = connection.proxy().toxics(stream);
        for (ToxicInstance instance : current) {
            Context context = contexts.get(instance);
            if (context == null || context.toxicity != instance.toxicity()) {
                Context fresh = new Context(instance);
                contexts.put(instance, fresh);
                if (fresh.enabled) {
                    instance.toxic().onStart(fresh);
                }
            }
        }
        contexts.entrySet().removeIf(entry -> {
            if (current.contains(entry.getKey())) {
                return false;
            }
            Context removed = entry.getValue();
            removed.removed = true;
            if (removed.enabled) {
                removed.instance.toxic().onRemoved(removed);
            }
            return true;
        });
    }

    private long earliestTimer() {
        long earliest = Long.MAX_VALUE;
        for (Context context : contexts.values()) {
            if (context.enabled) {
                earliest = Math.min(earliest, context.closeAtNanos);
            }
        }
        return earliest;
    }

    private void write(Chunk chunk) throws IOException {
        if (chunk.length() > 0 && !connection.isClosed()) {
            synchronized (destination) {
                tap(Stream.DOWNSTREAM, chunk.data(), 0, chunk.length());
                destination.write(chunk.data());
                destination.flush();
            }
        }
    }

    /**
     * Writes bytes no peer sent (an HTTP toxic's own answer) between the chunks of this direction,
     * observed like them; a write that fails closes the connection.
     */
    void inject(byte[] data) {
        try {
            write(new Chunk(data, System.nanoTime()));
        } catch (IOException e) {
            connection.close(false);
        }
    }

    /** Runs one chunk through the toxics, each passing to the next, the last to the socket. */
    private final class Pipeline {
        private final List<Context> stages;

        Pipeline(List<Context> stages) {
            this.stages = stages;
        }

        void send(Chunk chunk) throws InterruptedException, IOException {
            try {
                stage(0, chunk);
            } catch (UncheckedWrite e) {
                throw e.getCause();
            }
        }

        private void stage(int index, Chunk chunk) throws InterruptedException {
            if (connection.isClosed()) {
                return;
            }
            if (index == stages.size()) {
                try {
                    write(chunk);
                } catch (IOException e) {
                    throw new UncheckedWrite(e);
                }
                return;
            }
            Context context = stages.get(index);
            if (context.removed) {
                stage(index + 1, chunk);
                return;
            }
            Toxic.Sink next = piece -> stage(index + 1, piece);
            context.instance.toxic().onChunk(chunk, context, next);
        }
    }

    private static final class UncheckedWrite extends RuntimeException {
        UncheckedWrite(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** A toxic as it runs on this connection and direction. */
    private final class Context implements ToxicContext {
        private final ToxicInstance instance;
        private final boolean enabled;
        private final double toxicity;
        private Object state;
        private volatile long closeAtNanos = Long.MAX_VALUE;
        private volatile boolean removed;

        Context(ToxicInstance instance) {
            this.instance = instance;
            this.toxicity = instance.toxicity();
            // an HTTP toxic draws per message (ToxicContext.draw), a plain one once per connection
            this.enabled = instance.toxic() instanceof HttpToxic || random.chance(toxicity);
        }

        @Override
        public Map<String, Long> attributes() {
            return instance.attributes();
        }

        @Override
        public Map<String, String> texts() {
            return instance.texts();
        }

        @Override
        public boolean awaitUntil(LongSupplier deadlineNanos) throws InterruptedException {
            return await(() -> deadlineNanos.getAsLong() - System.nanoTime());
        }

        @Override
        public boolean awaitWhile(BooleanSupplier condition) throws InterruptedException {
            return await(() -> condition.getAsBoolean() ? Long.MAX_VALUE : 0);
        }

        /**
         * Waits while {@code remainingNanos} is positive, re-reading it on every change of the
         * toxics; false as soon as this toxic is removed or the connection closes.
         */
        private boolean await(LongSupplier remainingNanos) throws InterruptedException {
            lock.lock();
            try {
                while (true) {
                    refreshContexts();
                    if (!active()) {
                        return false;
                    }
                    long remaining = remainingNanos.getAsLong();
                    if (remaining <= 0) {
                        return true;
                    }
                    changed.awaitNanos(remaining);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean active() {
            return !removed && !connection.isClosed();
        }

        @Override
        public void closeConnection(boolean reset) {
            connection.close(reset);
        }

        @Override
        public boolean presentAtAccept() {
            return toxicsAtAccept.contains(instance.name());
        }

        @Override
        public long random(long from, long until) {
            return random.between(from, until);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> S state(java.util.function.Supplier<S> initial) {
            if (state == null) {
                state = initial.get();
            }
            return (S) state;
        }

        @Override
        public void closeAt(long deadlineNanos) {
            closeAtNanos = deadlineNanos;
        }

        @Override
        public <S> S shared(java.util.function.Supplier<S> initial) {
            return instance.shared(initial);
        }

        @Override
        public boolean draw() {
            return random.chance(instance.toxicity());
        }

        @Override
        public HttpView http() {
            return connection.http();
        }
    }
}
