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

    /** One run's use of an environment. */
    interface Use {

        Environment environment();

        /** Whether {@link #start} starts the environment (else it is up already, shared and restored). */
        boolean starts();

        /** Makes the environment ready for the run; returns how long that took (ms). */
        long start();

        /** The run is done with it: stopped when it was its own; for a shared one, the run's part of it is copied into its directory. */
        void end();
    }

    /** A fresh environment per run, from the runtime: started by the run, stopped after it. */
    static EnvironmentSupply own(EnvironmentRuntime runtime) {
        return (spec, runDir, history, progress) -> {
            Environment environment = runtime.create(spec.environment(), runDir, history);
            return new Use() {
                @Override
                public Environment environment() {
                    return environment;
                }

                @Override
                public boolean starts() {
                    return true;
                }

                @Override
                public long start() {
                    return environment.start();
                }

                @Override
                public void end() {
                    environment.close();
                }
            };
        };
    }
}
