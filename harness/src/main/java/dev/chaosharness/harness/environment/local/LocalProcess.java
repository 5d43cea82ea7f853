package dev.chaosharness.harness.environment.local;

import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.JvmAttach;
import dev.chaosharness.harness.environment.LogTail;
import dev.chaosharness.harness.environment.ProcessGroups;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the local runtime (a service's JVM or command, or the broker). Output goes to its
 * log file in the run directory; every start and end is written to the run history with the pid and
 * exit code.
 */
public final class LocalProcess implements ServiceInstance {

    private static final Logger log = LoggerFactory.getLogger(LocalProcess.class);

    /** In a command argument, replaced by how many times this JVM has been started (1, 2, ...). */
    public static final String START_PLACEHOLDER = "{start}";
    private static final Duration FULL_GC_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param role       the service it is an instance of ({@code kafka} for the broker)
     * @param jvm        whether it is a JVM the harness records with JFR
     * @param env        environment variables added to the harness's own
     * @param readiness  true once the process serves; polled until {@code readyTimeout}
     * @param awaited    what readiness is still waiting for, for the timeout's message
     * @param stopGrace  time between the stop signal and SIGKILL on {@link #stop()}
     * @param stopSignal what {@link #stop()} sends first: {@code TERM}, or e.g. {@code INT} (PostgreSQL's fast shutdown)
     */
    public record Spec(String name, String role, boolean jvm, List<String> command, Map<String, String> env, Path workingDir,
                       Path logFile, Optional<URI> httpUri, BooleanSupplier readiness, Supplier<String> awaited,
                       Duration readyTimeout, Duration stopGrace, String stopSignal) {
        public Spec {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }

        public Spec(String name, String role, boolean jvm, List<String> command, Map<String, String> env, Path workingDir,
                    Path logFile, Optional<URI> httpUri, BooleanSupplier readiness, Supplier<String> awaited,
                    Duration readyTimeout, Duration stopGrace) {
            this(name, role, jvm, command, env, workingDir, logFile, httpUri, readiness, awaited, readyTimeout, stopGrace, "TERM");
        }
    }

    private final Spec spec;
    private final HistorySink history;
    private volatile Process process;
    private volatile boolean paused;
    /** The last process whose end the history has. */
    private Process exitRecorded;
    private int starts;

    private volatile long logOffsetAtStart;

    public LocalProcess(Spec spec, HistorySink history) {
        this.spec = spec;
        this.history = history;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String role() {
        return spec.role();
    }

    @Override
    public Optional<URI> httpUri() {
        return spec.httpUri();
    }

    public Optional<Long> pid() {
        Process p = process;
        return p == null ? Optional.empty() : Optional.of(p.pid());
    }

    @Override
    public void start() {
        launch();
        awaitReady();
    }

    /** Forks the JVM without waiting for it to be ready (so several can start at once). */
    public synchronized void launch() {
        if (isRunning()) {
            throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
        }
        recordUnrecordedExit(process);
        starts++;
        String start = Integer.toString(starts);
        List<String> command = spec.command().stream().map(arg -> arg.replace(START_PLACEHOLDER, start)).toList();
        try {
            Files.createDirectories(spec.logFile().getParent());
            Files.writeString(spec.logFile(), "---- " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            logOffsetAtStart = Files.size(spec.logFile());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workingDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
            builder.environment().putAll(spec.env());
            process = ProcessGroups.start(builder, true);
        } catch (IOException e) {
            throw new EnvironmentStartException("cannot start " + name() + ": " + e.getMessage(), e);
        }
        paused = false;
        history.append(new HistoryEvent.ProcessStarted(System.currentTimeMillis(), name(), role(), spec.jvm(), process.pid(),
                command, spec.logFile().toString()));
        log.info("{} started, pid {}", name(), process.pid());
    }

    /** Waits until the readiness check passes; fails at once if the process exits first. */
    public void awaitReady() {
        try {
            Awaitility.await(name() + " ready")
                    .atMost(spec.readyTimeout())
                    .pollInterval(Duration.ofMillis(100))
                    .pollDelay(Duration.ZERO)
                    .ignoreExceptionsMatching(e -> !(e instanceof ProcessExited))
                    .until(() -> {
                        if (!isRunning()) {
                            throw new ProcessExited();
                        }
                        return spec.readiness().getAsBoolean();
                    });
            history.append(new HistoryEvent.ProcessReady(System.currentTimeMillis(), name(), process.pid()));
            log.info("{} ready", name());
        } catch (ConditionTimeoutException e) {
            throw EnvironmentStartException.notReady(name(), role(), spec.readyTimeout(), spec.awaited().get(),
                    spec.logFile() + tail());
        } catch (ProcessExited e) {
            throw new EnvironmentStartException(name() + " exited with code " + process.exitValue()
                    + " before it was ready; its log: " + spec.logFile() + tail());
        }
    }

    /** What the process wrote since its latest start. */
    public String outputSinceStart() {
        try (var channel = Files.newByteChannel(spec.logFile())) {
            channel.position(logOffsetAtStart);
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void kill() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            recordUnrecordedExit(p);
            return;
        }
        p.destroyForcibly();
        recordExit(p, "killed");
    }

    @Override
    public synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    @Override
    public synchronized void resume() {
        if (paused) {
            signal("CONT");
            paused = false;
        }
    }

    @Override
    public synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            recordUnrecordedExit(p);
            return;
        }
        resume(); // a stopped process would not act on SIGTERM
        if (spec.stopSignal().equals("TERM")) {
            p.destroy();
        } else {
            signal(spec.stopSignal());
        }
        try {
            if (!p.waitFor(spec.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s of SIG{}; sending SIGKILL", name(), spec.stopGrace().toSeconds(),
                        spec.stopSignal());
                p.destroyForcibly();
                recordExit(p, "killed");
                return;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        recordExit(p, "stopped");
    }

    @Override
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    @Override
    public boolean isPaused() {
        return paused && isRunning();
    }

    /** A process that ended by itself (it crashed, or a Ctrl-C reached its process group): its end is recorded once. */
    private void recordUnrecordedExit(Process p) {
        if (p != null && p != exitRecorded) {
            recordExit(p, "exited");
        }
    }

    private void recordExit(Process p, String how) {
        exitRecorded = p;
        int exitCode;
        try {
            exitCode = p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = -1;
        }
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name(), p.pid(), exitCode, how));
        log.info("{} {} (pid {}, exit code {})", name(), how, p.pid(), exitCode);
    }

    private void signal(String signal) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + name() + ": it is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " (" + name() + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name(), e);
        }
    }

    /** {@code GC.run} through the JVM's attach socket ({@link JvmAttach}). */
    @Override
    public void runFullGc() {
        Process p = process;
        if (!spec.jvm() || p == null || !p.isAlive()) {
            throw new UnsupportedOperationException(name() + (spec.jvm() ? " is not running" : " is not a JVM"));
        }
        JvmAttach.jcmd(p.pid(), "GC.run", FULL_GC_TIMEOUT);
    }

    private String tail() {
        return LogTail.of(spec.logFile(), 15);
    }

    private static final class ProcessExited extends RuntimeException {
        ProcessExited() {
            super(null, null, false, false);
        }
    }
}
