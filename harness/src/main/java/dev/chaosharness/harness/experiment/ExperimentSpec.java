package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.chaos.ChaosProfile;
import dev.chaosharness.harness.check.Check;
import dev.chaosharness.harness.check.Checks;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.load.LoadSpec;
import java.util.List;

/**
 * An experiment, declared in one place: which load against which environment, under which
 * chaos profile ({@code none} for a baseline), with the seed that fixes its random choices.
 */
public record ExperimentSpec(String name, String description, LoadSpec load, EnvironmentSpec environment,
                             ChaosProfile profile) {

    /** The checks this experiment is judged by: the defaults, with the load's SLO and budget. */
    public List<Check> checks() {
        return Checks.defaults(load.maxP99Ms(), load.budgetMs());
    }

    public ExperimentSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("experiment name must be lower-kebab-case, was '" + name + "'");
        }
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
        return new ExperimentSpec(name, description, newLoad, environment, profile);
    }

    public ExperimentSpec withEnvironment(EnvironmentSpec newEnvironment) {
        return new ExperimentSpec(name, description, load, newEnvironment, profile);
    }
}
