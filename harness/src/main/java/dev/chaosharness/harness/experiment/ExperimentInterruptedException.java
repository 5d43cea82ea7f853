package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.history.RunDirectory;
import java.util.List;

/**
 * The run was interrupted by {@code signal} (SIGINT, SIGTERM or SIGHUP). By the time this is thrown every
 * fault is rolled back, the environment is stopped, the history ends {@code interrupted} and the
 * verdicts of the part that ran and the report are written.
 */
public final class ExperimentInterruptedException extends RuntimeException {

    private final String signal;
    private final transient RunDirectory runDir;
    private final transient List<CheckResult> verdicts;

    public ExperimentInterruptedException(String signal, RunDirectory runDir, List<CheckResult> verdicts) {
        super("interrupted by " + signal + "; report of the part that ran: " + runDir.resolve("index.html"));
        this.signal = signal;
        this.runDir = runDir;
        this.verdicts = List.copyOf(verdicts);
    }

    public String signal() {
        return signal;
    }

    public RunDirectory runDir() {
        return runDir;
    }

    public List<CheckResult> verdicts() {
        return verdicts;
    }

    /** 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP: what a shell reports for a process those signals ended. */
    public int exitCode() {
        return switch (signal) {
            case "SIGINT" -> 130;
            case "SIGHUP" -> 129;
            default -> 143;
        };
    }
}
