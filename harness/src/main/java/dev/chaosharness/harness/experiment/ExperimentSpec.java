package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.chaos.ChaosProfile;
import dev.chaosharness.harness.check.Check;
import dev.chaosharness.harness.check.CheckThresholds;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.load.LoadSpec;
import java.util.List;

/**
 * An experiment, declared in one place: which load against which service of which system, under
 * which chaos profile ({@code none} for a baseline), with the seed that fixes its random choices.
 *
 * @param entryService the service the load is sent to (its first running instance)
 */
public record ExperimentSpec(String name, String description, LoadSpec load, EnvironmentSpec environment,
                             String entryService, ChaosProfile profile, CheckThresholds thresholds) {

    /** With the default thresholds, taking the latency SLO and the budget from the load. */
    public ExperimentSpec(String name, String description, LoadSpec load, EnvironmentSpec environment,
                          String entryService, ChaosProfile profile) {
        this(name, description, load, environment, entryService, profile,
                CheckThresholds.defaults(load.maxP99Ms(), load.budgetMs()));
    }

    /** The checks this experiment is judged by. */
    public List<Check> checks() {
        return thresholds.checks();
    }

    public ExperimentSpec withThresholds(CheckThresholds newThresholds) {
        return new ExperimentSpec(name, description, load, environment, entryService, profile, newThresholds);
    }

    public ExperimentSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("experiment name must be lower-kebab-case, was '" + name + "'");
        }
        environment.system().service(entryService);
        long loadMs = (load.rampSeconds() + load.holdSeconds()) * 1000L;
        profile.timeline().forEach(window -> {
            if (window.end().toMillis() > loadMs) {
                throw new IllegalArgumentException(profile.source() + ":" + window.line() + ": window " + window.index()
                        + " ends " + window.end().toMillis() + " ms after the load starts, but the load of experiment '"
                        + name + "' lasts " + loadMs + " ms: every fault must end while the load still runs");
            }
        });
    }

    /** The seed of the run: the profile's, which fixes every random choice. */
    public long seed() {
        return profile.seed();
    }

    public ExperimentSpec withLoad(LoadSpec newLoad) {
        return new ExperimentSpec(name, description, newLoad, environment, entryService, profile, thresholds);
    }

    public ExperimentSpec withEnvironment(EnvironmentSpec newEnvironment) {
        return new ExperimentSpec(name, description, load, newEnvironment, entryService, profile, thresholds);
    }
}
