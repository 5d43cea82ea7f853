package dev.chaosharness.harness.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedStringsTest {

    @TempDir
    Path dir;

    @Test
    void eventsReadBackShareTheirShortStringsAndKeepTheirValues() {
        String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        try (RunHistory history = RunHistory.open(dir)) {
            history.append(new HistoryEvent.ThreadCount(1, "payment-1", 7, 30, 20));
            history.append(new HistoryEvent.ThreadCount(2, "payment-1", 7, 31, 20));
            history.append(new HistoryEvent.RequestCompleted(3, 2, 1, 201, true, 2000, id, null, null));
            history.append(new HistoryEvent.RequestCompleted(4, 2, 1, 201, true, 2000, id, null, null));
        }
        List<HistoryEvent.ThreadCount> counts = HistoryReader.ofType(HistoryReader.read(dir), HistoryEvent.ThreadCount.class);
        assertThat(counts).extracting(HistoryEvent.ThreadCount::instance).containsExactly("payment-1", "payment-1");
        assertThat(counts.get(0).instance()).as("one instance of the name").isSameAs(counts.get(1).instance());

        List<HistoryEvent.RequestCompleted> requests = HistoryReader.ofType(HistoryReader.read(dir),
                HistoryEvent.RequestCompleted.class);
        assertThat(requests).extracting(HistoryEvent.RequestCompleted::correlationId).containsExactly(id, id);
        assertThat(requests.get(0).correlationId()).as("a UUID is longer than what is shared")
                .isNotSameAs(requests.get(1).correlationId());
    }
}
