package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.environment.docker.ContainerLabels;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.DeadlinePropagationCheck;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.check.LatencySloCheck;
import dev.chaosharness.harness.check.RecoveryTimeCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.ExperimentResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/** Assertions over a stored run history that several experiments share. */
final class RunAssertions {

    /**
     * The checks that judge timing against a bound: two shared cores can stall any run past one
     * (a 200 ms GC pause, a p99 a few hundred ms over), so a defect run may see them FAIL too.
     */
    static final Set<String> TIMING_CHECKS = Set.of(GcPauseCheck.NAME, LatencySloCheck.NAME, RecoveryTimeCheck.NAME,
            DeadlinePropagationCheck.NAME);

    private RunAssertions() {
    }

    /**
     * A defect run FAILs every check its defect targets, and nothing else but the checks listed as
     * the defect's known consequences (such as a GC hog's failed requests).
     */
    static void failsExactlyOn(ExperimentResult result, Set<String> targeted, Set<String> consequences) {
        Set<String> failed = result.verdicts().stream().filter(v -> v.verdict() == Verdict.FAIL)
                .map(CheckResult::check).collect(Collectors.toSet());
        assertThat(failed).as("the checks the defect targets FAIL: %s", result.verdicts()).containsAll(targeted);
        Set<String> allowed = new HashSet<>(targeted);
        allowed.addAll(consequences);
        assertThat(failed).as("no other check FAILs (allowed besides the targeted: %s)", consequences)
                .isSubsetOf(allowed);
    }

    /**
     * Every process the run started has ended, and the history says how; on the container
     * runtime, no container or network labelled with the run's id is left either.
     */
    static void noProcessOutlivedTheRun(List<HistoryEvent> history) {
        HistoryEvent.RunStarted run = HistoryReader.ofType(history, HistoryEvent.RunStarted.class).get(0);
        if (run.runtime().equals("docker")) {
            assertThat(ContainerLabels.leftBy(DockerClientFactory.instance().client(), run.runId()))
                    .as("containers and networks labelled with run %s", run.runId()).isEmpty();
        }
        List<HistoryEvent.ProcessStarted> started = HistoryReader.ofType(history, HistoryEvent.ProcessStarted.class);
        assertThat(started).as("processes recorded in the history").isNotEmpty();
        for (HistoryEvent.ProcessStarted process : started) {
            assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false))
                    .as("%s (pid %d) is still alive after the run", process.name(), process.pid())
                    .isFalse();
        }
        List<Long> stoppedPids = HistoryReader.ofType(history, HistoryEvent.ProcessStopped.class).stream()
                .map(HistoryEvent.ProcessStopped::pid).toList();
        assertThat(stoppedPids).as("every started pid has a process-stopped event")
                .containsAll(started.stream().map(HistoryEvent.ProcessStarted::pid).toList());
    }

    /**
     * After a suite: no process any of its runs saw is alive, and the shared environments' data
     * directories are gone (their logs stay).
     */
    static void noProcessOutlivedTheSuite(List<List<HistoryEvent>> histories) {
        for (List<HistoryEvent> history : histories) {
            for (HistoryEvent.ProcessStarted process : HistoryReader.ofType(history, HistoryEvent.ProcessStarted.class)) {
                assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false))
                        .as("%s (pid %d) is still alive after the suite", process.name(), process.pid()).isFalse();
            }
            HistoryReader.ofType(history, HistoryEvent.EnvironmentShared.class).forEach(shared ->
                    assertThat(java.nio.file.Path.of(shared.environment()).resolve("data")).as("the shared environment's data")
                            .doesNotExist());
        }
    }

    /** How late a window may be applied after first request + at: a scheduler tick and a loaded core. */
    static final long APPLY_MARGIN_MS = 250;
    /** How far a window's length may stray from the declared one (applying and rolling back take time). */
    static final long LENGTH_MARGIN_MS = 1000;

    /**
     * Every fault window counts from the first request the load sent, is applied within
     * {@link #APPLY_MARGIN_MS} of first request + at, and lasts its declared length within
     * {@link #LENGTH_MARGIN_MS}, a kill with a restart included (the restart comes after the window).
     */
    static void faultWindowsKeptTheirTime(List<HistoryEvent> history) {
        List<HistoryEvent.FirstRequestSent> first = HistoryReader.ofType(history, HistoryEvent.FirstRequestSent.class);
        assertThat(first).as("the first request of the load is recorded once").hasSize(1);
        long anchorMs = first.get(0).atMs();
        List<HistoryEvent.FaultRolledBack> ends = HistoryReader.ofType(history, HistoryEvent.FaultRolledBack.class);
        for (HistoryEvent.FaultApplied applied : HistoryReader.ofType(history, HistoryEvent.FaultApplied.class)) {
            assertThat(applied.atMs() - (anchorMs + applied.plannedAtMs()))
                    .as("window %d applied this long after first request + at %d ms", applied.window(), applied.plannedAtMs())
                    .isBetween(-20L, APPLY_MARGIN_MS);
            HistoryEvent.FaultRolledBack end = ends.stream().filter(e -> e.window() == applied.window()).findFirst()
                    .orElseThrow(() -> new AssertionError("window " + applied.window() + " never ended"));
            assertThat(end.atMs() - applied.atMs()).as("window %d (%s) lasted its declared %d ms", applied.window(),
                    applied.action(), applied.plannedDurationMs())
                    .isBetween(applied.plannedDurationMs() - LENGTH_MARGIN_MS, applied.plannedDurationMs() + LENGTH_MARGIN_MS);
        }
    }
}
