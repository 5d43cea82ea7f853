package dev.chaosharness.harness.load;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import io.gatling.app.Gatling$;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Runs a Gatling simulation in this JVM and leaves its HTML report in {@code <run-dir>/gatling/}.
 * This JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED
 * --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED}.
 */
public final class GatlingRunner {

    /** Gatling's exit codes. */
    public static final int OK = 0;
    public static final int ASSERTIONS_FAILED = 2;
    /** Not Gatling's: the run was interrupted before the load ended. */
    public static final int INTERRUPTED = HistoryEvent.LoadFinished.INTERRUPTED;

    private GatlingRunner() {
    }

    /** What Gatling returned and where its report is. */
    public record Result(int exitCode, Path reportDir) {
        public boolean assertionsPassed() {
            return exitCode == OK;
        }
    }

    /**
     * Runs the simulation on its own thread and waits for it. When the waiting thread is
     * interrupted (the run was interrupted), the load's results stop being recorded and this
     * throws {@link CancellationException} at once; Gatling has no way to be stopped from outside,
     * so its bounded load runs out in a daemon thread against an environment that is going away.
     * {@code onFirstRequest} is told, once, when the load's first request was sent (epoch ms), as
     * soon as its answer is recorded.
     */
    public static Result run(LoadSpec spec, java.util.List<URI> targets, Path runDir, RunHistory history, LongConsumer onFirstRequest) {
        Path rawResults = runDir.resolve("gatling-results");
        long startMs = System.currentTimeMillis();
        history.append(new HistoryEvent.LoadStarted(startMs, spec.simulationClass(),
                spec.ratePerSecond(), spec.rampSeconds(), spec.holdSeconds(), spec.budgetMs()));
        LoadRun run = new LoadRun(spec, targets, history, startMs, onFirstRequest);
        GatlingVersionCheck.skip();
        FutureTask<Integer> gatling = new FutureTask<>(() -> Gatling$.MODULE$.fromArgs(new String[] {
                "-s", spec.simulationClass(),
                "-rf", rawResults.toString(),
                "-rd", runDir.getFileName().toString(),
                "-l", "chaos-harness"}));
        Thread thread = new LoadRun.LoadThread(run, gatling);
        thread.setDaemon(true);
        thread.start();
        int exitCode;
        try {
            exitCode = gatling.get();
        } catch (InterruptedException e) {
            run.abandon();
            history.append(new HistoryEvent.LoadFinished(System.currentTimeMillis(), INTERRUPTED, ""));
            throw new CancellationException("the load was interrupted after "
                    + (System.currentTimeMillis() - startMs) + " ms");
        } catch (ExecutionException e) {
            restartLogging();
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Gatling failed: " + e.getCause(), e.getCause());
        }
        restartLogging();
        Path reportDir = moveReport(rawResults, runDir.resolve("gatling"));
        history.append(new HistoryEvent.LoadFinished(System.currentTimeMillis(), exitCode, reportDir.toString()));
        return new Result(exitCode, reportDir);
    }

    /** Gatling writes into a folder named after the simulation and a timestamp; give it a fixed name. */
    private static Path moveReport(Path rawResults, Path target) {
        if (!Files.isDirectory(rawResults)) {
            return target;
        }
        try (Stream<Path> children = Files.list(rawResults)) {
            Path produced = children.filter(Files::isDirectory).findFirst().orElse(null);
            if (produced != null) {
                Files.move(produced, target);
            }
            Files.deleteIfExists(rawResults);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move Gatling's report to " + target, e);
        }
        return target;
    }

    /** Gatling stops Logback when it returns; later phases still log. */
    private static void restartLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("cannot restart logging after Gatling", e);
            }
            context.start();
        }
    }
}
