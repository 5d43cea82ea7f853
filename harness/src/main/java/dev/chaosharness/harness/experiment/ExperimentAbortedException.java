package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.history.RunDirectory;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The run was aborted: the environment did not come up, or the run broke before or during the load.
 * By the time this is thrown every fault is rolled back, the environment is stopped, the history
 * ends {@code aborted} with {@link #cause()}'s message, and the report saying ABORTED is written
 * unless writing it failed too: {@link #report()} is then empty and that failure is suppressed on
 * this exception. The exception that broke the run is the cause.
 */
public final class ExperimentAbortedException extends RuntimeException {

    private final transient RunDirectory runDir;
    private final transient Optional<Path> report;

    public ExperimentAbortedException(RunDirectory runDir, Throwable cause, Optional<Path> report) {
        super("aborted: " + reason(cause), cause);
        this.runDir = runDir;
        this.report = report;
    }

    /** What broke the run, as the history and the summary say it: the exception's message, or its name. */
    public static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.toString() : message;
    }

    public RunDirectory runDir() {
        return runDir;
    }

    /** The run's page, unless writing it failed too (then suppressed on this exception). */
    public Optional<Path> report() {
        return report;
    }
}
