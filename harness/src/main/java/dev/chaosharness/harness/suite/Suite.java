package dev.chaosharness.harness.suite;

import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentRuntimes;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentAbortedException;
import dev.chaosharness.harness.experiment.ExperimentListener;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.settings.HarnessSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs several experiments, those of the same effective environment in one environment
 * ({@link SharedEnvironment}): the same system with the same services, instances, properties and
 * images, the same wire headers and readiness bounds, on the same runtime. An experiment that changes
 * the system (a defect switch, another instance count) gets an environment of its own. The groups
 * run in the order their first experiment was given; within a group, in the order given.
 *
 * <p>Sharing is built for the local runtime; on another runtime each experiment has its own
 * environment, and the plan says so. An interrupted run ends the suite (what ran stays judged and
 * reported); an aborted one makes the next run of its group start a fresh environment.
 */
public final class Suite {

    private static final Logger log = LoggerFactory.getLogger(Suite.class);

    private Suite() {
    }

    /** One experiment of the suite as it ended: a result, or the abort that ended it. */
    public record Run(ExperimentSpec spec, Optional<ExperimentResult> result, Optional<ExperimentAbortedException> aborted) {

        public RunVerdict verdict() {
            return result.map(ExperimentResult::runVerdict).orElse(RunVerdict.ABORTED);
        }

        public Path runDir() {
            return result.map(r -> r.runDir().path()).orElseGet(() -> aborted.get().runDir().path());
        }
    }

    /** What the suite did: each run, and how many environments it started. */
    public record Outcome(List<Run> runs, int environmentsStarted) {

        /** FAIL when any run failed (a defect found), else ABORTED, UNKNOWN, PASS, the worst first. */
        public RunVerdict verdict() {
            for (RunVerdict worst : List.of(RunVerdict.FAIL, RunVerdict.ABORTED, RunVerdict.UNKNOWN)) {
                if (runs.stream().anyMatch(r -> r.verdict() == worst)) {
                    return worst;
                }
            }
            return RunVerdict.PASS;
        }
    }

    /**
     * Runs them; throws the {@code ExperimentInterruptedException} of a run that SIGINT or SIGTERM
     * ended, once every environment is stopped.
     */
    public static Outcome run(List<ExperimentSpec> specs, HarnessSettings settings) {
        return run(specs, settings, spec -> ExperimentListener.NONE);
    }

    /** As {@link #run(List, HarnessSettings)}, each experiment with the listener {@code listeners} gives it. */
    public static Outcome run(List<ExperimentSpec> specs, HarnessSettings settings,
                              java.util.function.Function<ExperimentSpec, ExperimentListener> listeners) {
        EnvironmentRuntime runtime = EnvironmentRuntimes.selected(settings);
        specs.forEach(spec -> Experiment.requireRunnable(spec, settings));
        Map<EnvironmentSpec, List<ExperimentSpec>> groups = groups(specs);
        boolean shares = runtime.sharesEnvironments();
        log.info("suite: {} experiments in {} environments{}", specs.size(), shares ? groups.size() : specs.size(),
                shares ? "" : " (the " + runtime.name() + " runtime gives each experiment its own)");
        groups.values().forEach(group -> log.info("suite:   {}", group.stream().map(ExperimentSpec::name).toList()
                + (shares && group.size() > 1 ? " share one environment of system '" + group.get(0).environment().system().name() + "'"
                : " own environment")));
        List<Run> runs = new ArrayList<>();
        int started = 0;
        for (List<ExperimentSpec> group : groups.values()) {
            if (!shares || group.size() == 1) {
                for (ExperimentSpec spec : group) {
                    runs.add(runOne(spec, settings, listeners.apply(spec), null));
                    started++;
                }
                continue;
            }
            try (SharedEnvironment shared = new SharedEnvironment(runtime, group.get(0).environment(), settings.reportsDir())) {
                try {
                    for (ExperimentSpec spec : group) {
                        runs.add(runOne(spec, settings, listeners.apply(spec), shared));
                    }
                } finally {
                    started += shared.environmentsStarted();
                }
            }
        }
        Outcome outcome = new Outcome(runs, started);
        log.info("suite: {} experiments, {} environments started; {}", runs.size(), started, outcome.verdict());
        return outcome;
    }

    private static Run runOne(ExperimentSpec spec, HarnessSettings settings, ExperimentListener listener,
                              SharedEnvironment shared) {
        try {
            Experiment experiment = shared == null ? new Experiment(spec, settings, listener)
                    : new Experiment(spec, settings, listener, shared);
            ExperimentResult result = experiment.run();
            if (shared != null) {
                shared.runEnded(result.runVerdict() == RunVerdict.PASS);
            }
            return new Run(spec, Optional.of(result), Optional.empty());
        } catch (ExperimentAbortedException e) {
            if (shared != null) {
                shared.runEnded(false);
                shared.restartBeforeNextRun();
            }
            return new Run(spec, Optional.empty(), Optional.of(e));
        }
    }

    /** The experiments by the environment they need, in the order given. */
    static Map<EnvironmentSpec, List<ExperimentSpec>> groups(List<ExperimentSpec> specs) {
        Map<EnvironmentSpec, List<ExperimentSpec>> groups = new LinkedHashMap<>();
        specs.forEach(spec -> groups.computeIfAbsent(key(spec), k -> new ArrayList<>()).add(spec));
        return groups;
    }

    /**
     * What must be equal for two experiments to share: the environment as declared, but for the
     * seed of the fault proxy's draws (each run reseeds the shared proxy with its own).
     */
    static EnvironmentSpec key(ExperimentSpec spec) {
        return spec.environment().withSeed(0);
    }
}
