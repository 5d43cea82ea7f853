package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.jfr.consumer.RecordedEvent;
import jdk.management.jfr.RemoteRecordingStream;

/**
 * The JFR of each attached JVM whose attach file gives a JMX address, streamed over JMX
 * ({@link RemoteRecordingStream}, JDK 17) from the environment's readiness until the environment
 * is released: its garbage collections and live-thread counts as they happen, and the threads
 * started during the load that were still alive at the last thread dump (taken every 2 s), as
 * {@link JfrProbe} reads them from a recording file. A JVM that cannot be streamed is a probe gap.
 */
public final class RemoteJfrProbe implements Probe {

    /** The stream hands events over about once a second: the last ones need that long before it closes. */
    private static final Duration LAST_FLUSH = Duration.ofMillis(2500);
    private static final Duration THREAD_DUMP_PERIOD = Duration.ofSeconds(2);
    /** How long the start waits for each stream's first live-thread count: ThreadLeakCheck's "before". */
    private static final Duration FIRST_COUNT_BOUND = Duration.ofSeconds(5);

    private final ProbeContext run;
    private final List<Streamed> streams = new ArrayList<>();

    public RemoteJfrProbe(ProbeContext run) {
        this.run = run;
    }

    @Override
    public void verify() {
        for (HistoryEvent.ProcessStarted jvm : HistoryReader.ofType(HistoryReader.readContext(run.runDir()),
                HistoryEvent.ProcessStarted.class)) {
            if (jvm.attachedJmx().isEmpty()) {
                continue;
            }
            try {
                streams.add(Streamed.open(jvm, run));
            } catch (IOException | RuntimeException e) {
                run.history().append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "jfr", jvm.name(),
                        "cannot stream its JFR over JMX (" + jvm.attachedJmx().get() + "): " + e.getMessage()));
            }
        }
        if (!streams.isEmpty()) {
            long deadline = System.nanoTime() + FIRST_COUNT_BOUND.toNanos();
            List<String> counted = new ArrayList<>();
            for (Streamed stream : streams) {
                if (stream.awaitFirstCount(deadline)) {
                    counted.add(stream.instance());
                }
            }
            run.progress().accept("probes: streaming JFR (GC, threads) over JMX from " + streams.stream().map(Streamed::instance).toList()
                    + "; a live-thread count before the load from " + counted);
        }
    }

    @Override
    public void readAfterEnvironment() {
        if (streams.isEmpty()) {
            return;
        }
        try {
            Thread.sleep(LAST_FLUSH.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<HistoryEvent> events = HistoryReader.readContext(run.runDir());
        long loadStartMs = HistoryReader.ofType(events, HistoryEvent.LoadStarted.class).stream()
                .map(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
        long loadEndMs = HistoryReader.ofType(events, HistoryEvent.LoadFinished.class).stream()
                .map(HistoryEvent::atMs).findFirst().orElse(Long.MAX_VALUE);
        int lingering = 0;
        for (Streamed stream : streams) {
            lingering += stream.close(new ThreadLifetimes(loadStartMs, loadEndMs));
        }
        run.progress().accept("probes: JFR streams of " + streams.stream().map(Streamed::instance).toList() + " closed; "
                + lingering + " groups of threads started during the load still alive");
    }

    /** One attached JVM's stream. */
    private static final class Streamed {

        private final String instance;
        private final JMXConnector connector;
        private final RemoteRecordingStream stream;
        private final ProbeContext run;
        private final List<RecordedEvent> threadEvents = new ArrayList<>();
        private RecordedEvent lastDump;
        private final java.util.concurrent.CountDownLatch firstCount = new java.util.concurrent.CountDownLatch(1);

        private Streamed(String instance, JMXConnector connector, RemoteRecordingStream stream, ProbeContext run) {
            this.instance = instance;
            this.connector = connector;
            this.stream = stream;
            this.run = run;
        }

        String instance() {
            return instance;
        }

        static Streamed open(HistoryEvent.ProcessStarted jvm, ProbeContext run) throws IOException {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(jvm.attachedJmx().orElseThrow()));
            try {
                RemoteRecordingStream stream = new RemoteRecordingStream(connector.getMBeanServerConnection());
                Streamed streamed = new Streamed(jvm.name(), connector, stream, run);
                stream.setReuse(false); // thread events are kept until the load's times are known
                stream.setSettings(settings());
                stream.onEvent(streamed::accept);
                stream.startAsync();
                return streamed;
            } catch (IOException | RuntimeException e) {
                connector.close();
                throw e;
            }
        }

        /**
         * JFR's default settings, as a JVM the harness starts records with, and a thread dump every
         * 2 s instead of at each chunk's end (a stream has no exit dump). Set whole: in JDK 17 a
         * period given through {@code enable(...).withPeriod} did not reach the remote recording
         * (one live-thread count in 6 s).
         */
        private static java.util.Map<String, String> settings() {
            java.util.Map<String, String> settings;
            try {
                settings = new java.util.HashMap<>(jdk.jfr.Configuration.getConfiguration("default").getSettings());
            } catch (IOException | java.text.ParseException e) {
                throw new IllegalStateException("cannot read JFR's default settings", e);
            }
            settings.put("jdk.ThreadDump#enabled", "true");
            settings.put("jdk.ThreadDump#period", THREAD_DUMP_PERIOD.toSeconds() + " s");
            return settings;
        }

        /** GC and live-thread counts to the history at once; thread starts and ends kept, of the dumps only the latest. */
        private void accept(RecordedEvent event) {
            JfrProbe.gcOrThreadCount(event, instance, jvmPid()).ifPresent(counted -> {
                run.history().append(counted);
                if (counted instanceof HistoryEvent.ThreadCount) {
                    firstCount.countDown();
                }
            });
            String type = event.getEventType().getName();
            synchronized (threadEvents) {
                if (type.equals("jdk.ThreadStart") || type.equals("jdk.ThreadEnd")) {
                    threadEvents.add(event);
                } else if (type.equals("jdk.ThreadDump")) {
                    lastDump = event;
                }
            }
        }

        /**
         * Whether the JVM streamed from still answers on the stream's connection: one that was
         * killed or restarted does not (a JVM started in its place is another server), and what
         * followed was not streamed.
         */
        private boolean stillThere() {
            try {
                connector.getMBeanServerConnection().getMBeanCount();
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /** Whether a live-thread count came before {@code deadlineNanos}. */
        boolean awaitFirstCount(long deadlineNanos) {
            try {
                return firstCount.await(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** An attached JVM has no pid the harness knows: 0, as its process-started event says. */
        private static long jvmPid() {
            return 0;
        }

        /** Closes the stream and writes the threads that outlived the load; returns how many groups. */
        int close(ThreadLifetimes threads) {
            if (!stillThere()) {
                run.history().append(new HistoryEvent.ProbeGap(System.currentTimeMillis(), "jfr", instance,
                        "its JFR stream over JMX ended before the run did (the JVM exited or its JMX went away); a JVM"
                                + " started in its place was not streamed"));
            }
            try {
                stream.close();
            } finally {
                try {
                    connector.close();
                } catch (IOException e) {
                    // the JVM may be gone: what was streamed stays
                }
            }
            List<HistoryEvent.LingeringThreads> lingering;
            synchronized (threadEvents) {
                threadEvents.forEach(threads::accept);
                if (lastDump != null) {
                    threads.accept(lastDump);
                }
                lingering = threads.lingering(instance, jvmPid());
            }
            lingering.forEach(run.history()::append);
            return lingering.size();
        }
    }
}
