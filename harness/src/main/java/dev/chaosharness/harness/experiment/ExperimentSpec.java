package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.chaos.ChaosProfile;
import dev.chaosharness.harness.check.Check;
import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.WireHeaders;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.load.LoadSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An experiment as its file declares it: which load against which service of which system, under
 * which chaos profile ({@code none} for a baseline), judged by which checks, with the seed that
 * fixes its random choices and the overrides that were applied to the file.
 *
 * @param source      the experiment file
 * @param wireHeaders the headers the fault proxy reads on HTTP links ({@code checks.wire-headers})
 * @param overrides   every override applied, by key, as given
 */
public record ExperimentSpec(String name, String description, Path source, EnvironmentSpec environment, LoadSpec load,
                             ChaosProfile profile, CheckSpec checks, WireHeaders wireHeaders,
                             Map<String, String> overrides) {

    public ExperimentSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("experiment name must be lower-kebab-case, was '" + name + "'");
        }
        overrides = Map.copyOf(overrides);
        environment.system().service(load.entryService());
        long loadMs = load.model().durationMs();
        profile.timeline().forEach(window -> {
            if (window.end().toMillis() > loadMs) {
                throw new IllegalArgumentException(profile.source() + ":" + window.line() + ": window " + window.index()
                        + " ends " + window.end().toMillis() + " ms after the load starts, but the load of experiment '"
                        + name + "' lasts " + loadMs + " ms: every fault must end while the load still runs");
            }
        });
    }

    /** The checks this experiment is judged by. */
    public List<Check> checkList() {
        return dev.chaosharness.harness.check.Checks.of(checks);
    }

    /** The seed of the run: it fixes the fault proxy's choices and the load's random values. */
    public long seed() {
        return environment.seed();
    }

    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(newName, description, source, environment, load, profile, checks, wireHeaders, overrides);
    }

    public ExperimentSpec withEnvironment(EnvironmentSpec newEnvironment) {
        return new ExperimentSpec(name, description, source, newEnvironment, load, profile, checks, wireHeaders, overrides);
    }

    public ExperimentSpec withProfile(ChaosProfile newProfile) {
        return new ExperimentSpec(name, description, source, environment, load, newProfile, checks, wireHeaders, overrides);
    }

}
