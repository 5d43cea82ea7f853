package dev.chaosharness.harness.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryRelayTest {

    private static HistoryEvent.ProcessStarted started(String name, long pid) {
        return new HistoryEvent.ProcessStarted(pid, name, "svc", true, pid, List.of("java"), name + ".log");
    }

    @Test
    void eventsGoToTheRunInUseAndBetweenRunsToTheJournal() {
        List<HistoryEvent> journal = new ArrayList<>();
        List<HistoryEvent> run = new ArrayList<>();
        HistoryRelay relay = new HistoryRelay(journal::add);

        relay.append(started("a-1", 10));
        relay.to(run::add);
        relay.append(started("b-1", 11));
        relay.toJournal();
        relay.append(new HistoryEvent.ProcessStopped(12, "b-1", 11, 143, "stopped"));

        assertThat(journal).extracting(HistoryEvent::atMs).containsExactly(10L, 12L);
        assertThat(run).extracting(HistoryEvent::atMs).containsExactly(11L);
    }

    @Test
    void aLaterRunBeginsWithTheLatestStartOfEachProcessStillRunning() {
        HistoryRelay relay = new HistoryRelay(event -> { });
        relay.append(started("a-1", 10));
        relay.append(new HistoryEvent.ProcessReady(20, "a-1", 10));
        relay.append(started("b-1", 11));
        relay.append(new HistoryEvent.ProcessStopped(30, "b-1", 11, 137, "killed"));
        relay.append(started("b-1", 12));
        relay.append(started("c-1", 13));
        relay.append(new HistoryEvent.ProcessStopped(40, "c-1", 13, 143, "stopped"));
        relay.to(event -> { }); // the next run

        assertThat(relay.running()).extracting(HistoryEvent::atMs).containsExactly(10L, 20L, 12L);
        assertThat(relay.isRunning(12)).isTrue();
        assertThat(relay.isRunning(11)).isFalse();
        assertThat(relay.isRunning(99)).isFalse();
    }

    @Test
    void aProcessARestoreStartedIsInTheRunsHistoryOnceNotReplayed() {
        List<HistoryEvent> run = new ArrayList<>();
        HistoryRelay relay = new HistoryRelay(event -> { });
        relay.append(started("a-1", 10));
        relay.append(started("b-1", 11));
        relay.append(new HistoryEvent.ProcessStopped(30, "b-1", 11, 137, "killed"));

        relay.to(run::add);
        relay.append(started("b-1", 12)); // the restore starts it again

        assertThat(relay.running()).extracting(HistoryEvent::atMs).containsExactly(10L);
        assertThat(run).extracting(HistoryEvent::atMs).containsExactly(12L);
    }
}
