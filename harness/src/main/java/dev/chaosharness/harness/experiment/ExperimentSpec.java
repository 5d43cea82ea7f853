package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.load.LoadSpec;

/**
 * An experiment, declared in one place: which load against which environment, under which
 * chaos profile ({@code none} for a baseline), with the seed that fixes its random choices.
 */
public record ExperimentSpec(String name, String description, LoadSpec load, EnvironmentSpec environment,
                             String profile, long seed) {

    public ExperimentSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("experiment name must be lower-kebab-case, was '" + name + "'");
        }
    }

    public ExperimentSpec withLoad(LoadSpec newLoad) {
        return new ExperimentSpec(name, description, newLoad, environment, profile, seed);
    }

    public ExperimentSpec withEnvironment(EnvironmentSpec newEnvironment) {
        return new ExperimentSpec(name, description, load, newEnvironment, profile, seed);
    }
}
