package dev.chaosharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FinalRowsPollTest {

    private static JsonNode row(String id, String status) {
        return JsonNodeFactory.instance.objectNode().put("order_id", id).put("status", status);
    }

    /** A table whose rows are PENDING for the first {@code pendingReads} reads, then CONFIRMED: no row is ever added. */
    private static final class UpdatedInPlace implements FinalRowsPoll.RowSource {
        private final int pendingReads;
        private int reads;

        UpdatedInPlace(int pendingReads) {
            this.pendingReads = pendingReads;
        }

        @Override
        public void forEachRow(java.util.function.Consumer<JsonNode> each) {
            String status = reads++ < pendingReads ? "PENDING" : "CONFIRMED";
            List.of("o1", "o2").forEach(id -> each.accept(row(id, status)));
        }
    }

    private static FinalRowsPoll poll(FinalRowsPoll.RowSource rows) {
        return new FinalRowsPoll(rows, row -> Optional.of(row.at("/order_id").asText()),
                row -> row.at("/status").asText().equals("CONFIRMED"), Duration.ofMillis(10));
    }

    @Test
    void aStatusUpdatedInPlaceIsWaitedForThoughTheRowCountNeverChanges() {
        UpdatedInPlace table = new UpdatedInPlace(3);

        FinalRowsPoll.Outcome outcome = poll(table).await(Set.of("o1", "o2"), Duration.ofSeconds(30));

        assertThat(outcome.allFinal()).isTrue();
        assertThat(outcome.polls()).isEqualTo(4);
        assertThat(outcome.lastError()).isEmpty();
    }

    @Test
    void anIdWithNoFinalRowIsPendingOnceTheSettleTimeIsOver() {
        UpdatedInPlace table = new UpdatedInPlace(0);

        FinalRowsPoll.Outcome outcome = poll(table).await(Set.of("o1", "o2", "o3"), Duration.ofMillis(200));

        assertThat(outcome.allFinal()).isFalse();
        assertThat(outcome.pending()).isEqualTo(1);
        assertThat(outcome.accepted()).isEqualTo(3);
        assertThat(outcome.polls()).isGreaterThan(1);
    }

    @Test
    void aSettleTimeOfZeroReadsOnceAndAFailingQueryIsSaid() {
        FinalRowsPoll.RowSource failing = each -> {
            throw new java.sql.SQLException("relation \"orders\" does not exist");
        };

        FinalRowsPoll.Outcome outcome = poll(failing).await(Set.of("o1"), Duration.ZERO);

        assertThat(outcome.polls()).isEqualTo(1);
        assertThat(outcome.pending()).isEqualTo(1);
        assertThat(outcome.lastError()).contains("relation \"orders\" does not exist");
    }
}
