package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import java.util.function.Consumer;

/**
 * Where a run gets its environment: one of its own, started for it and stopped after it
 * ({@link #own}), or one a suite shares between runs ({@code suite.SharedEnvironment}).
 */
public interface EnvironmentSupply {

    /** The environment for one run, which writes what happens to it into {@code history} while the run uses it. */
    Use use(ExperimentSpec spec, RunDirectory runDir, RunHistory history, Consumer<String> progress);

    /**
     * One run's use of an environment: whether {@code start} starts it (else it is up already,
     * shared and restored); {@code start} makes it ready for the run and returns how long that took
     * (ms); {@code end} says the run is done with it (its own is stopped; for a shared one, the run's
     * part is copied into its directory).
     */
    record Use(Environment environment, boolean starts, java.util.function.LongSupplier start, Runnable end) {
    }

    /** A fresh environment per run, from the runtime: started by the run, stopped after it. */
    static EnvironmentSupply own(EnvironmentRuntime runtime) {
        return (spec, runDir, history, progress) -> {
            Environment environment = runtime.create(spec.environment(), runDir, history);
            return new Use(environment, true, environment::start, environment::close);
        };
    }
}
