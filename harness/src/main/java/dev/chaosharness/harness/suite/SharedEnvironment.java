package dev.chaosharness.harness.suite;

import dev.chaosharness.harness.environment.DataDirectories;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.experiment.EnvironmentSupply;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One environment that the runs of a suite use one after another: started for the first (in a
 * directory of its own, {@code <reports>/environments/<id>}), restored to its declared state before
 * each later one ({@link EnvironmentRestore}), or started afresh when it cannot be restored or the
 * run before it was aborted; stopped once, by {@link #close}. Each run's history gets what happens
 * to the environment while it uses it, begins with the processes it finds running, and says
 * whether the environment was fresh or shared with which earlier runs ({@code environment-shared});
 * its logs and JFR recordings are copied into its directory when it is done ({@link RunArtifacts}).
 */
public final class SharedEnvironment implements EnvironmentSupply, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedEnvironment.class);

    private final EnvironmentRuntime runtime;
    private final EnvironmentSpec declared;
    private final Path reportsDir;
    private final List<String> runsOfCurrent = new ArrayList<>();
    private Environment current;
    private RunDirectory directory;
    private RunHistory journal;
    private HistoryRelay relay;
    private boolean restartBeforeNext;
    /** Every run of the current environment passed: a postgres service's keep-data on-failure lets its data go. */
    private boolean allRunsPassed = true;
    private long currentSeed;
    private int started;

    public SharedEnvironment(EnvironmentRuntime runtime, EnvironmentSpec declared, Path reportsDir) {
        this.runtime = runtime;
        this.declared = declared;
        this.reportsDir = reportsDir;
    }

    /** How many environments it started so far. */
    public int environmentsStarted() {
        return started;
    }

    /** The next run gets a freshly started environment (the last one was aborted: nothing is judged on a broken one). */
    public void restartBeforeNextRun() {
        restartBeforeNext = true;
    }

    @Override
    public Use use(ExperimentSpec spec, RunDirectory runDir, RunHistory history, Consumer<String> progress) {
        long startedNanos = System.nanoTime();
        List<String> steps = List.of();
        boolean fresh = current == null || restartBeforeNext;
        if (!fresh) {
            relay.to(history);
            progress.accept("environment (shared): restoring the declared state after " + runsOfCurrent);
            try {
                steps = new ArrayList<>(EnvironmentRestore.restore(current));
                steps.forEach(step -> progress.accept("environment (shared): " + step));
                steps.add(reseed(spec.seed()));
                progress.accept("environment (shared): " + steps.get(steps.size() - 1));
            } catch (EnvironmentRestore.NotRestored e) {
                progress.accept("environment (shared): not restored (" + e.getMessage() + "): starting a fresh one");
                fresh = true;
            }
        }
        if (fresh) {
            if (relay != null) {
                relay.toJournal(); // the old environment's stop is no part of this run
            }
            stopCurrent();
            startFresh(spec.seed(), runDir, history, progress);
        } else {
            relay.running().forEach(history::append);
        }
        long acquiredMs = (System.nanoTime() - startedNanos) / 1_000_000;
        history.append(new HistoryEvent.EnvironmentShared(System.currentTimeMillis(), directory.path().toString(), fresh,
                List.copyOf(runsOfCurrent), steps, fresh ? 0 : acquiredMs));
        progress.accept("environment (shared): " + (fresh ? "started for this run in " + acquiredMs + " ms; later runs of the suite"
                + " with the same system share it" : "shared with " + runsOfCurrent + ", restored in " + acquiredMs + " ms")
                + "; its directory " + directory.path());
        runsOfCurrent.add(runDir.runId());
        RunArtifacts artifacts = RunArtifacts.markedAt(directory.path());
        Environment environment = current;
        return new Use(environment, false, () -> acquiredMs, () -> {
            try {
                artifacts.copyInto(runDir.path(), relay::isRunning, progress);
            } finally {
                relay.toJournal();
            }
        });
    }

    /**
     * This run's fault-proxy draws start from its own seed, as in a run of its own; a proxy that
     * cannot be reseeded and has another seed means a fresh environment.
     */
    private String reseed(long seed) {
        if (current.reseedFaultProxy(seed)) {
            currentSeed = seed;
            return "fault proxy reseeded with this run's seed " + seed;
        }
        if (seed != currentSeed) {
            throw new EnvironmentRestore.NotRestored("its fault proxy keeps seed " + currentSeed
                    + " and cannot be reseeded with this run's " + seed);
        }
        return "fault proxy kept its seed " + seed + ", this run's";
    }

    private void startFresh(long seed, RunDirectory runDir, RunHistory history, Consumer<String> progress) {
        restartBeforeNext = false;
        runsOfCurrent.clear();
        allRunsPassed = true;
        directory = RunDirectory.create(reportsDir.resolve("environments"), declared.system().name());
        journal = RunHistory.open(directory.path());
        relay = new HistoryRelay(journal);
        relay.to(history);
        progress.accept("environment (shared, " + runtime.name() + "): starting system '" + declared.system().name()
                + "' once for the runs that share it, in " + directory.path());
        current = runtime.create(declared.withSeed(seed), directory, relay);
        currentSeed = seed;
        started++;
        try {
            current.start();
        } catch (RuntimeException e) {
            // it stopped what it had started; the next run starts afresh
            restartBeforeNext = true;
            throw e;
        }
    }

    /** A run that used the current environment ended so: what its keep-data settings do at the stop depends on it. */
    public void runEnded(boolean passed) {
        allRunsPassed &= passed;
    }

    private void stopCurrent() {
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (RuntimeException e) {
            log.warn("stopping the shared environment {} failed: {}", directory.path(), e.toString());
        } finally {
            current = null;
            journal.close();
            // the data lives in the environment's directory, not a run's: settled once, on all its runs' verdicts
            DataDirectories.settle(directory.path(), declared.system(), allRunsPassed).forEach(line -> log.info("{}", line));
        }
    }

    /** Stops the environment (whatever happened to the runs). */
    @Override
    public void close() {
        if (relay != null) {
            relay.toJournal();
        }
        stopCurrent();
    }
}
