package dev.chaosharness.faultproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One selector thread serving many channels: readiness, timers and tasks handed over from other
 * threads. Everything a channel registered here does runs on this thread, so connection state needs
 * no locks. Written on the JDK's {@link Selector} because what the proxy needs of a loop is this
 * small (Netty would bring its own pipeline model, which the toxics' chain already is).
 */
final class EventLoop implements AutoCloseable {

    /** What a registered channel does when the selector finds it ready. */
    interface Handler {
        void ready(SelectionKey key) throws IOException;

        /** The handler threw: release what it holds. */
        void failed(Throwable error);
    }

    private record Timer(long atNanos, long order, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(atNanos, other.atNanos);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long CALL_TIMEOUT_MS = 10_000;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /**
     * Direct: a socket read into a heap buffer is a read into the JDK's own temporary direct buffer
     * plus a copy, and a write from one the same again; a proxy with no toxic and no tap moves its
     * bytes from this buffer to the destination with no copy of its own.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** Where a read is copied when a toxic or a tap needs its bytes as an array. */
    private final byte[] readBytes = new byte[READ_BUFFER_BYTES];
    private long timerOrder;
    private volatile boolean running = true;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop and waits for it (at once when called from the loop). */
    <T> T call(Supplier<T> task) {
        if (inLoop()) {
            return task.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + thread.getName(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(thread.getName() + " did not answer within " + CALL_TIMEOUT_MS + " ms", e);
        }
    }

    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Runs {@code task} on the loop once {@link System#nanoTime()} reaches {@code atNanos}. Loop thread only. */
    void schedule(long atNanos, Runnable task) {
        timers.add(new Timer(atNanos, timerOrder++, task));
    }

    /** Any thread: since JDK 11 a registration does not wait for a select in progress; the wakeup applies it. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selector, ops, handler);
        if (!inLoop()) {
            selector.wakeup();
        }
        return key;
    }

    /** Closed channels give their descriptors back when their keys are deregistered, i.e. at a select. Loop thread only. */
    void releaseClosed() {
        try {
            selector.selectNow();
        } catch (IOException e) {
            // the selector itself broke: nothing to release through it
        }
    }

    /** The loop's one read buffer, shared by its channels (a read is handed on before the next). */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /** The loop's array for the bytes of its last read, where a toxic or a tap needs them. */
    byte[] readBytes() {
        return readBytes;
    }

    private void run() {
        while (running) {
            try {
                if (tasks.isEmpty()) {
                    selector.select(this::dispatch, selectTimeoutMs());
                } else {
                    selector.selectNow(this::dispatch);
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                return;
            }
            runDueTimers();
            runTasks();
        }
    }

    /** 0 would wait for ever; timers are in nanoseconds, the selector waits whole milliseconds, rounded up. */
    private long selectTimeoutMs() {
        Timer next = timers.peek();
        if (next == null) {
            return 0;
        }
        long remainingNanos = next.atNanos - System.nanoTime();
        return remainingNanos <= 0 ? 1 : Math.max(1, (remainingNanos + 999_999) / 1_000_000);
    }

    private void dispatch(SelectionKey key) {
        Handler handler = (Handler) key.attachment();
        try {
            if (key.isValid()) {
                handler.ready(key);
            }
        } catch (CancelledKeyException e) {
            // closed meanwhile by an earlier handler of this round
        } catch (Throwable e) {
            handler.failed(e);
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().atNanos <= now) {
            runSafely(timers.poll().task);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            System.err.println("fault-proxy: " + e); // one connection's failure must not stop the loop
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(CALL_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (Iterator<SelectionKey> keys = selector.keys().iterator(); keys.hasNext(); ) {
                keys.next().channel().close();
            }
            selector.close();
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closing anyway
        }
    }
}
