package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.Analyze;
import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.history.RunOwner;
import dev.chaosharness.harness.probe.JfrProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run whose harness died (SIGKILL, the OOM killer, a crash, a reboot) left a history without its
 * end. The next run in the same reports directory, or {@code analyze} of it, closes it: the JVM
 * recordings it kept are read, {@code run-finished} {@code aborted} is appended with why, and its
 * verdicts, page and index row are written from what was recorded. A run is taken for dead only
 * when its recorded owner (pid and start time) is gone: a run of another harness still going is
 * left alone. A run without an owner file (written before there was one) only when its history
 * has not changed for {@value #OWNERLESS_IDLE_MINUTES} minutes.
 */
public final class DeadRuns {

    private static final Logger log = LoggerFactory.getLogger(DeadRuns.class);
    static final String REASON = "the harness process died (killed or crashed); last event at ";
    private static final long OWNERLESS_IDLE_MINUTES = 10;

    private DeadRuns() {
    }

    /** Closes every dead run in {@code reportsDir}; returns the run directories it closed. */
    public static List<Path> closeAll(Path reportsDir) {
        List<Path> closed = new ArrayList<>();
        // a run that ended compressed its history: only a plain one can be a dead run's
        try (Stream<Path> dirs = Files.isDirectory(reportsDir) ? Files.list(reportsDir) : Stream.empty()) {
            dirs.filter(dir -> Files.isRegularFile(dir.resolve(RunHistory.FILE_NAME))).sorted().forEach(dir -> {
                try {
                    if (closeIfDead(dir)) {
                        closed.add(dir);
                    }
                } catch (RuntimeException e) {
                    log.warn("could not close the dead run {}: {}", dir.getFileName(), e.toString());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + reportsDir, e);
        }
        return closed;
    }

    /**
     * Closes {@code runDir} if its history has no end and its owner is dead; says so in one console
     * line. Returns whether it did.
     */
    public static boolean closeIfDead(Path runDir) {
        if (!Files.isRegularFile(runDir.resolve(RunHistory.FILE_NAME)) || !ownerDead(runDir)) {
            return false;
        }
        dropTornLine(runDir.resolve(RunHistory.FILE_NAME));
        List<HistoryEvent> context = HistoryReader.readContext(runDir);
        if (!HistoryReader.ofType(context, HistoryEvent.RunFinished.class).isEmpty()) {
            return false;
        }
        long lastMs = lastEventMs(runDir);
        String reason = REASON + Instant.ofEpochMilli(lastMs).truncatedTo(ChronoUnit.MILLIS);
        int jfrEvents;
        try (RunHistory history = RunHistory.open(runDir)) {
            jfrEvents = JfrProbe.record(runDir, history);
            history.append(new HistoryEvent.RunFinished(System.currentTimeMillis(), RunVerdict.ABORTED.spelling(), reason));
        }
        List<CheckResult> verdicts = Analyze.rerun(runDir, "");
        System.out.println("closed a dead run: " + runDir.getFileName() + " ABORTED (" + reason + "; " + jfrEvents
                + " GC and thread events read from its kept JFR recordings; " + Analysis.counts(verdicts) + "); report: "
                + runDir.resolve("index.html"));
        return true;
    }

    /** A kill during a write can leave half a line at the end: it would make the line appended after it unreadable. */
    private static void dropTornLine(Path history) {
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(history,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            long size = file.size();
            long keep = size;
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                file.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                log.warn("{}: dropped {} bytes of a line cut by the harness's death", history, size - keep);
                file.truncate(keep);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + history, e);
        }
    }

    private static boolean ownerDead(Path runDir) {
        Optional<RunOwner> owner = RunOwner.of(runDir);
        if (owner.isPresent()) {
            return !owner.get().isAlive();
        }
        try {
            long idleMs = System.currentTimeMillis() - Files.getLastModifiedTime(runDir.resolve(RunHistory.FILE_NAME)).toMillis();
            return idleMs > OWNERLESS_IDLE_MINUTES * 60_000;
        } catch (IOException e) {
            return false;
        }
    }

    /** The time of the last event the run wrote (request events included); a torn last line is skipped. */
    private static long lastEventMs(Path runDir) {
        long[] last = {0};
        try {
            HistoryReader.forEach(runDir, event -> last[0] = Math.max(last[0], event.atMs()));
        } catch (RuntimeException e) {
            // a line cut by the kill: what was read before it stands
        }
        if (last[0] == 0) {
            try {
                last[0] = Files.getLastModifiedTime(runDir.resolve(RunHistory.FILE_NAME)).toMillis();
            } catch (IOException e) {
                last[0] = System.currentTimeMillis();
            }
        }
        return last[0];
    }
}
