package dev.chaosharness.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSectionTest {

    private static HistoryEvent.LinkTrafficObserved db(long atMs, long accepted, long resets, long failedDials, long up) {
        return new HistoryEvent.LinkTrafficObserved(atMs, "writer->postgres-1", accepted, 2, failedDials, up, up * 2, resets);
    }

    @Test
    void aLinkShowsItsTotalsAndWhatChangedInItsFaultWindowAndAGroupItsPeakLag() {
        List<HistoryEvent> events = List.of(
                db(1_000, 2, 0, 0, 100),
                new HistoryEvent.ConsumerLagObserved(1_000, "ledger", 0),
                new HistoryEvent.FaultApplied(8_000, 1, 9, "reset_peer", List.of("writer->postgres-1"), Map.of(), 8_000, 6_000),
                db(8_000, 3, 0, 0, 400),
                new HistoryEvent.ConsumerLagObserved(12_000, "ledger", 75),
                db(13_000, 9, 6, 0, 500),
                new HistoryEvent.FaultRolledBack(14_000, 1, "reset_peer", List.of("writer->postgres-1"), "window-end"),
                new HistoryEvent.ConsumerLagObserved(30_000, "ledger", 3),
                db(31_000, 10, 6, 0, 900),
                new HistoryEvent.ConsumerLagObserved(40_000, "ledger", 0));
        StringBuilder out = new StringBuilder();

        new TrafficSection(events, 0, 35_000).render(out);

        assertThat(out.toString())
                .contains("<tr><td>writer-&gt;postgres-1</td><td>10</td><td>900</td><td>1800</td><td>6</td><td>0</td>")
                .contains("window 1 (reset_peer): +6 connections, +6 resets, +0 failed dials, +100 / +200 bytes")
                .contains("<tr><td>ledger</td><td>75 at 12.0 s</td><td>3</td><td>0 at 40.0 s</td></tr>");
    }

    @Test
    void withNeitherTrafficNorLagThereIsNoSection() {
        StringBuilder out = new StringBuilder();
        new TrafficSection(List.of(), 0, 1).render(out);
        assertThat(out).isEmpty();
    }
}
