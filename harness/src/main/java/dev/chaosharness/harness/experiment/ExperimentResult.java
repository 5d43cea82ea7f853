package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.history.RunDirectory;
import java.nio.file.Path;

/**
 * How a run ended. {@code gatlingExitCode} is Gatling's (0 ok, 2 assertions failed);
 * {@code drained} tells whether every order was consumed before the topics were read.
 */
public record ExperimentResult(RunDirectory runDir, int gatlingExitCode, Path gatlingReport, boolean drained,
                               long environmentStartupMs) {

    public boolean passed() {
        return gatlingExitCode == 0 && drained;
    }

    public Path history() {
        return runDir.resolve("history.jsonl");
    }
}
