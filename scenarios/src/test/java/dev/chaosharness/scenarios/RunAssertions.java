package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.environment.docker.ContainerLabels;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/** Assertions over a stored run history that several experiments share. */
final class RunAssertions {

    private RunAssertions() {
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
}
