package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a whole run ended, read the same way in the console, the page, the runs index, the JUnit XML
 * and the plugin's summary (Chaos Toolkit's journal statuses, with Jepsen's unknown):
 * <ul>
 *   <li>PASS: every applicable check passed on evidence;</li>
 *   <li>FAIL: a check failed;</li>
 *   <li>UNKNOWN: no check failed, but one could not decide (never a pass);</li>
 *   <li>ABORTED: the environment did not come up, no load ran, or the harness broke: nothing was judged from it;</li>
 *   <li>INTERRUPTED: a signal ended the run; the checks judged the part that ran.</li>
 * </ul>
 * {@link #spelling()} is how the history's {@code run-finished} event writes it; {@link #exitCode()}
 * is what the experiment command and {@code analyze} exit with (INTERRUPTED: 130 after SIGINT, 143
 * after SIGTERM, 129 after SIGHUP, what a shell reports for a process those signals ended).
 */
public enum RunVerdict {
    PASS("passed", 0),
    FAIL("failed", 1),
    UNKNOWN("unknown", 2),
    ABORTED("aborted", 3),
    INTERRUPTED("interrupted", 130);

    /** The exit code when a file is wrong: nothing started. */
    public static final int EXIT_FILE_ERROR = 65;
    /** The exit code for a command line that is not understood. */
    public static final int EXIT_USAGE = 64;
    /** The exit code after SIGTERM (143) ; SIGINT's is {@link #INTERRUPTED}'s. */
    public static final int EXIT_SIGTERM = 143;

    private final String spelling;
    private final int exitCode;

    RunVerdict(String spelling, int exitCode) {
        this.spelling = spelling;
        this.exitCode = exitCode;
    }

    /** As the history's {@code run-finished} event writes it: passed, failed, unknown, aborted, interrupted. */
    public String spelling() {
        return spelling;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The overall verdict of a run that ended by itself: {@link Analysis#overall} of its results. */
    public static RunVerdict judged(List<CheckResult> results) {
        return switch (Analysis.overall(results)) {
            case PASS -> PASS;
            case FAIL -> FAIL;
            default -> UNKNOWN;
        };
    }

    /**
     * A stored run: ABORTED when its history has no end (the harness died) or ends aborted,
     * INTERRUPTED when it ends so, else the verdict of its checks as they stand now (a run judged
     * again by {@code analyze}; UNKNOWN when it has none).
     */
    public static RunVerdict of(Optional<HistoryEvent.RunFinished> finished, List<CheckResult> results) {
        if (finished.isEmpty()) {
            return ABORTED;
        }
        Optional<RunVerdict> ended = fromSpelling(finished.get().outcome());
        return ended.isPresent() && (ended.get() == ABORTED || ended.get() == INTERRUPTED) ? ended.get() : judged(results);
    }

    public static Optional<RunVerdict> fromSpelling(String spelling) {
        return Arrays.stream(values()).filter(v -> v.spelling.equals(spelling)).findFirst();
    }

    /** What an exit code of the experiment command says, if it is one of a run's (not a file error or bad usage). */
    public static Optional<RunVerdict> fromExitCode(int exitCode) {
        if (exitCode == EXIT_SIGTERM) {
            return Optional.of(INTERRUPTED);
        }
        return Arrays.stream(values()).filter(v -> v.exitCode == exitCode).findFirst();
    }
}
