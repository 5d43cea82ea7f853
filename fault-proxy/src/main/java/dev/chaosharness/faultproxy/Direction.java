package dev.chaosharness.faultproxy;

import dev.chaosharness.faultproxy.toxic.Chunk;
import dev.chaosharness.faultproxy.toxic.HttpToxic;
import dev.chaosharness.faultproxy.toxic.HttpView;
import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.faultproxy.toxic.ToxicContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One way of a connection, run on its connection's {@link EventLoop}. What the source sends is
 * timestamped as it is read and goes through the stream's toxics in creation order, each a stage
 * with its own input; what leaves the last stage is written to the destination.
 *
 * <p>The stages run depth first, as if each passed its pieces on by a blocking call: a stage is
 * called only when every stage after it is empty and everything before has been written, and a
 * stage that waits ({@link ToxicContext.Wait#PENDING}) holds everything behind it. So a toxic sees
 * the same order and timing as on a thread of its own, without one. A toxic's wait is a timer on
 * the loop; a change of the proxy's toxics calls the waiting stage again at once.
 */
final class Direction {

    /** What may wait in the stages before the source is no longer read (back-pressure, as on a slow link). */
    private static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    /** The same without toxics: only what the destination has not taken yet. */
    private static final long MAX_UNWRITTEN_BYTES = 256L * 1024;

    private final Connection connection;
    private final Stream stream;
    private final SocketChannel source;
    private final SocketChannel destination;
    private final Set<String> toxicsAtAccept;
    private final FaultRandom random;
    private final Tap tap;
    private final Map<ToxicInstance, Context> contexts = new IdentityHashMap<>();
    private List<Stage> stages = List.of();
    private final ArrayDeque<ByteBuffer> unwritten = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sourceEnded;
    private int toldOfEnd;
    private boolean pumping;
    private boolean passedOn;
    private long wakeAtNanos = Long.MAX_VALUE;
    private long timerAtNanos = Long.MAX_VALUE;
    /** A toxic closed the connection while bytes it passed on were still unwritten: closed once they are (reset or not). */
    private Boolean closeWhenWritten;

    /**
     * Sees bytes without changing them: upstream as they are read, downstream as they are handed to
     * the destination (so whoever the bytes reach finds them already observed).
     */
    interface Tap {
        void bytes(byte[] data, int offset, int length, long atMs);
    }

    /** A toxic on this direction and what waits for it. */
    private static final class Stage {
        final Context context;
        final ArrayDeque<Chunk> input = new ArrayDeque<>();
        /** The head of {@link #input} is what the toxic still holds of a chunk it has begun. */
        boolean holding;

        Stage(Context context) {
            this.context = context;
        }
    }

    Direction(Connection connection, Stream stream, SocketChannel source, SocketChannel destination,
              Set<String> toxicsAtAccept, FaultRandom random, Tap tap) {
        this.connection = connection;
        this.stream = stream;
        this.source = source;
        this.destination = destination;
        this.toxicsAtAccept = toxicsAtAccept;
        this.random = random;
        this.tap = tap;
    }

    boolean wantsRead() {
        return !sourceEnded && closeWhenWritten == null && queuedBytes < (stages.isEmpty() ? MAX_UNWRITTEN_BYTES : MAX_QUEUED_BYTES);
    }

    boolean wantsWrite() {
        return !unwritten.isEmpty();
    }

    private void tap(Stream at, byte[] data, int offset, int length) {
        if (tap != null && stream == at) {
            tap.bytes(data, offset, length, System.currentTimeMillis());
        }
    }

    // ---- reading and writing ---------------------------------------------------------------

    /**
     * The source is readable: one read into the loop's direct buffer, handed on before the next
     * read; copied into the loop's array {@code bytes} only where a tap or a toxic needs them.
     */
    void read(ByteBuffer buffer, byte[] bytes) {
        int n;
        try {
            n = source.read(buffer);
        } catch (IOException e) {
            sourceFailed(e);
            return;
        }
        if (n < 0) {
            sourceEnded = true;
            pump();
            return;
        }
        if (n == 0) {
            return;
        }
        connection.proxy().trafficCounters().read(stream, n);
        buffer.flip();
        if (tap == null && untouched()) {
            writeDirectly(buffer);
            return;
        }
        buffer.get(bytes, 0, n);
        tap(Stream.UPSTREAM, bytes, 0, n);
        if (untouched()) {
            tap(Stream.DOWNSTREAM, bytes, 0, n);
            writeDirectly(ByteBuffer.wrap(bytes, 0, n));
            return;
        }
        Chunk chunk = new Chunk(Arrays.copyOf(bytes, n), System.nanoTime());
        refreshStages();
        if (stages.isEmpty()) {
            toDestination(chunk);
        } else {
            stages.get(0).input.add(chunk);
            queuedBytes += n;
        }
        pump();
    }

    /** No toxic here and nothing waiting: the bytes go straight on, from the loop's buffer. */
    private boolean untouched() {
        return stages.isEmpty() && unwritten.isEmpty() && contexts.isEmpty()
                && connection.proxy().toxics(stream).isEmpty();
    }

    private void writeDirectly(ByteBuffer bytes) {
        try {
            destination.write(bytes);
        } catch (IOException e) {
            connection.close(false);
            return;
        }
        if (bytes.hasRemaining()) {
            byte[] rest = new byte[bytes.remaining()];
            bytes.get(rest);
            unwritten.add(ByteBuffer.wrap(rest));
            queuedBytes += rest.length;
        }
    }

    /** The JDK's only sign of an RST is its message. */
    private void sourceFailed(IOException e) {
        if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
            connection.closeAfterPeerReset();
        } else {
            connection.close(false);
        }
    }

    /** The destination takes bytes again. */
    void writable() {
        pump();
    }

    /** Writes what it can; false when the destination is full (the loop waits for it) or the write failed. */
    private boolean flush() {
        while (!unwritten.isEmpty()) {
            ByteBuffer head = unwritten.peekFirst();
            int before = head.remaining();
            try {
                destination.write(head);
            } catch (IOException e) {
                connection.close(false);
                return false;
            }
            queuedBytes -= before - head.remaining();
            if (head.hasRemaining()) {
                return false;
            }
            unwritten.pollFirst();
        }
        return true;
    }

    private void toDestination(Chunk chunk) {
        if (chunk.length() == 0 || connection.isClosed()) {
            return;
        }
        tap(Stream.DOWNSTREAM, chunk.data(), 0, chunk.length());
        unwritten.add(ByteBuffer.wrap(chunk.data()));
        queuedBytes += chunk.length();
    }

    /**
     * Writes bytes no peer sent (an HTTP toxic's own answer) after what this direction has already
     * passed on, observed like them; a write that fails closes the connection.
     */
    void inject(byte[] data) {
        toDestination(new Chunk(data, System.nanoTime()));
        if (!pumping) {
            flush();
        }
    }

    // ---- the toxics ------------------------------------------------------------------------

    /** Moves what can move now, then waits for the destination, a timer, the source or a change. */
    void pump() {
        if (pumping || connection.isClosed()) {
            return;
        }
        pumping = true;
        try {
            runStages();
            if (!connection.isClosed()) {
                closeWhenTimedOut();
                scheduleWake();
            }
        } finally {
            pumping = false;
        }
        connection.updateInterest();
    }

    private void runStages() {
        if (closeWhenWritten != null) {
            if (flush()) {
                connection.close(closeWhenWritten);
            }
            return;
        }
        refreshStages();
        wakeAtNanos = Long.MAX_VALUE;
        while (!connection.isClosed() && flush()) {
            int deepest = stages.size() - 1;
            while (deepest >= 0 && stages.get(deepest).input.isEmpty()) {
                deepest--;
            }
            if (deepest < 0) {
                if (sourceEnded) {
                    endWhenToxicsAllow();
                }
                return;
            }
            if (!step(deepest)) {
                return;
            }
        }
    }

    /** Calls stage {@code index}'s toxic on its head; false when it holds and passed nothing on (it waits). */
    private boolean step(int index) {
        Stage stage = stages.get(index);
        Chunk head = stage.input.pollFirst();
        queuedBytes -= head.length();
        passedOn = false;
        Chunk rest = stage.context.instance.toxic().onChunk(head, stage.context, sinkAfter(index));
        if (connection.isClosed() || closeWhenWritten != null) {
            return false;
        }
        stage.holding = rest != null;
        if (rest != null) {
            stage.input.addFirst(rest);
            queuedBytes += rest.length();
        }
        return passedOn; // holding but passed a piece on: that piece goes first, then this stage is asked again
    }

    private Toxic.Sink sinkAfter(int index) {
        return chunk -> {
            if (chunk.length() == 0) {
                return;
            }
            passedOn = true;
            if (index + 1 < stages.size()) {
                stages.get(index + 1).input.add(chunk);
                queuedBytes += chunk.length();
            } else {
                toDestination(chunk);
            }
        };
    }

    /** The source ended and everything before it left: each toxic may hold the close (slow_close), in order. */
    private void endWhenToxicsAllow() {
        while (toldOfEnd < stages.size()) {
            Context context = stages.get(toldOfEnd).context;
            if (!context.instance.toxic().onSourceClosed(context)) {
                return;
            }
            toldOfEnd++;
        }
        connection.close(false);
    }

    private void closeWhenTimedOut() {
        long earliest = Long.MAX_VALUE;
        for (Context context : contexts.values()) {
            if (context.enabled) {
                earliest = Math.min(earliest, context.closeAtNanos);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            return;
        }
        if (System.nanoTime() >= earliest) {
            connection.close(false);
        } else {
            wakeAt(earliest);
        }
    }

    private void wakeAt(long atNanos) {
        wakeAtNanos = Math.min(wakeAtNanos, atNanos);
    }

    /** One timer for the earliest wake; a timer that became stale only pumps once more. */
    private void scheduleWake() {
        long at = wakeAtNanos;
        if (at == Long.MAX_VALUE || at >= timerAtNanos) {
            return;
        }
        timerAtNanos = at;
        connection.loop().schedule(at, () -> {
            if (timerAtNanos == at) {
                timerAtNanos = Long.MAX_VALUE;
            }
            pump();
        });
    }

    /**
     * Brings the stages in line with the proxy's toxics: a context for each new toxic (its toxicity
     * drawn once per connection; an HTTP toxic draws per message), and each removed one retired.
     */
    private void refreshStages() {
        List<ToxicInstance> current = connection.proxy().toxics(stream);
        if (current.isEmpty() && contexts.isEmpty()) {
            return;
        }
        for (ToxicInstance instance : current) {
            Context context = contexts.get(instance);
            if (context == null || context.toxicity != instance.toxicity()) {
                if (context != null) {
                    context.removed = true; // replaced: the new toxicity is drawn afresh
                }
                Context fresh = new Context(instance);
                contexts.put(instance, fresh);
                if (fresh.enabled) {
                    instance.toxic().onStart(fresh);
                }
            }
        }
        contexts.keySet().removeIf(instance -> {
            if (current.contains(instance)) {
                return false;
            }
            contexts.get(instance).removed = true;
            return true;
        });
        List<Stage> old = stages;
        for (int i = 0; i < old.size(); i++) {
            if (old.get(i).context.removed) {
                retire(old, i);
            }
        }
        List<Stage> updated = new ArrayList<>();
        for (ToxicInstance instance : current) {
            Context context = contexts.get(instance);
            if (context.enabled) {
                updated.add(old.stream().filter(s -> s.context == context).findFirst().orElseGet(() -> new Stage(context)));
            }
        }
        stages = updated;
    }

    /**
     * A removed toxic lets go: what it holds of a chunk it began goes through it once more (its wait
     * is cancelled: latency releases, reset_peer drops), what it keeps is released, and what had
     * not reached it passes on untouched to the stage after it.
     */
    private void retire(List<Stage> old, int index) {
        Stage stage = old.get(index);
        Toxic.Sink next = chunk -> {
            if (chunk.length() == 0) {
                return;
            }
            if (index + 1 < old.size()) {
                old.get(index + 1).input.add(chunk);
                queuedBytes += chunk.length();
            } else {
                toDestination(chunk);
            }
        };
        Toxic toxic = stage.context.instance.toxic();
        if (stage.holding && !stage.input.isEmpty()) {
            Chunk head = stage.input.pollFirst();
            queuedBytes -= head.length();
            Chunk rest = toxic.onChunk(head, stage.context, next);
            if (rest != null) {
                next.accept(rest);
            }
        }
        toxic.onRemoved(stage.context, next);
        for (Chunk chunk : stage.input) {
            queuedBytes -= chunk.length();
            next.accept(chunk);
        }
        stage.input.clear();
        stage.holding = false;
    }

    /** A toxic as it runs on this connection and direction. Used on the loop's thread only. */
    private final class Context implements ToxicContext {
        private final ToxicInstance instance;
        private final boolean enabled;
        private final double toxicity;
        private Object state;
        private long closeAtNanos = Long.MAX_VALUE;
        private boolean removed;

        Context(ToxicInstance instance) {
            this.instance = instance;
            this.toxicity = instance.toxicity();
            // an HTTP toxic draws per message (ToxicContext.draw), and acts only where HTTP is observed;
            // a plain one draws once per connection
            this.enabled = instance.toxic() instanceof HttpToxic ? connection.observesHttp() : random.chance(toxicity);
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
        public Wait until(LongSupplier deadlineNanos) {
            if (!active()) {
                return Wait.CANCELLED;
            }
            long deadline = deadlineNanos.getAsLong();
            if (System.nanoTime() >= deadline) {
                return Wait.ELAPSED;
            }
            wakeAt(deadline);
            return Wait.PENDING;
        }

        @Override
        public Wait holdWhile(BooleanSupplier condition) {
            if (!active()) {
                return Wait.CANCELLED;
            }
            return condition.getAsBoolean() ? Wait.PENDING : Wait.ELAPSED;
        }

        @Override
        public boolean active() {
            return !removed && !connection.isClosed();
        }

        /** What this direction passed on before is written first, as it was before the close. */
        @Override
        public void closeConnection(boolean reset) {
            if (connection.isClosed() || closeWhenWritten != null) {
                return;
            }
            if (flush()) {
                connection.close(reset);
            } else if (!connection.isClosed()) {
                closeWhenWritten = reset;
            }
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
        public <S> S state(Supplier<S> initial) {
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
        public <S> S shared(Supplier<S> initial) {
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
