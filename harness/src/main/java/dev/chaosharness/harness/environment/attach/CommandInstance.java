package dev.chaosharness.harness.environment.attach;

import dev.chaosharness.harness.environment.ProcessGroups;
import dev.chaosharness.harness.environment.ServiceInstance;
import dev.chaosharness.harness.environment.ShellCommand;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistorySink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An instance of an attached system, acted on by the shell commands its attach file gives
 * ({@code sh -c}, in the attach file's directory, {@code ${instance}} replaced by its name). A
 * command that fails or outlives its timeout is an error naming it and what it printed. After
 * {@code start} the instance is ready once its HTTP address accepts connections (one without an
 * address, once the command returned).
 */
final class CommandInstance implements ServiceInstance {

    private final String name;
    private final String role;
    private final Optional<AttachFile.Address> http;
    private final AttachFile.Commands commands;
    private final Path directory;
    private final Duration readyTimeout;
    private final HistorySink history;
    private volatile boolean running = true;
    private volatile boolean paused;
    private ProcessGroups.Undo resumeOnDeath;

    CommandInstance(String name, String role, Optional<AttachFile.Address> http, AttachFile.Commands commands,
                    Path directory, Duration readyTimeout, HistorySink history) {
        this.name = name;
        this.role = role;
        this.http = http;
        this.commands = commands;
        this.directory = directory;
        this.readyTimeout = readyTimeout;
        this.history = history;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String role() {
        return role;
    }

    @Override
    public Optional<URI> httpUri() {
        return http.map(a -> URI.create("http://" + a.host() + ":" + a.port()));
    }

    @Override
    public void kill() {
        run("kill", commands.kill());
        running = false;
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name, 0, -1, "kill"));
    }

    @Override
    public void pause() {
        // registered first: a harness killed while the instance is frozen must not leave it so
        resumeOnDeath = ProcessGroups.undoOnDeath(resumeScript());
        run("pause", commands.pause());
        paused = true;
    }

    @Override
    public void resume() {
        run("resume", commands.resume());
        paused = false;
        if (resumeOnDeath != null) {
            resumeOnDeath.close();
            resumeOnDeath = null;
        }
    }

    /** The resume command as a script the watchdog runs if the harness dies while this instance is paused. */
    private Path resumeScript() {
        try {
            Path script = java.nio.file.Files.createTempFile("chaos-resume-" + name + "-", ".sh");
            script.toFile().deleteOnExit();
            java.nio.file.Files.writeString(script, "cd '" + directory.toAbsolutePath().toString().replace("'", "'\\''")
                    + "' && " + commands.resume().replace("${instance}", name) + "\n");
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("pause " + name + ": cannot write its resume script", e);
        }
    }

    @Override
    public void stop() {
        run("stop", commands.stop());
        running = false;
        paused = false;
        history.append(new HistoryEvent.ProcessStopped(System.currentTimeMillis(), name, 0, 0, "stop"));
    }

    @Override
    public void start() {
        run("start", commands.start());
        running = true;
        history.append(AttachedEnvironment.started(name, role));
        awaitReady();
        history.append(new HistoryEvent.ProcessReady(System.currentTimeMillis(), name, 0));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    private void awaitReady() {
        if (http.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (!AttachedEnvironment.accepts(http.get())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not accept connections on " + http.get() + " within "
                        + readyTimeout.toSeconds() + " s of its start command");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + ": interrupted while waiting for it to be ready", e);
            }
        }
    }

    /** Runs one command to its end, within the timeout; throws naming it when it fails. */
    private void run(String action, String line) {
        String command = line.replace("${instance}", name);
        ShellCommand.Result result;
        try {
            result = ShellCommand.run(command, directory, commands.timeoutSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(action + " " + name + ": interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(action + " " + name + ": cannot run '" + command + "'", e);
        }
        if (result.timedOut()) {
            throw new IllegalStateException(action + " " + name + ": '" + command + "' did not end within "
                    + commands.timeoutSeconds() + " s" + (result.output().isEmpty() ? "" : "; it printed: " + result.output()));
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException(action + " " + name + ": '" + command + "' exited " + result.exitCode()
                    + (result.output().isEmpty() ? "" : ": " + result.output()));
        }
    }
}
