package dev.chaosharness.harness.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorstExamplesTest {

    @Test
    void keepsTheWorstFewOfEachKindWorstFirst() {
        WorstExamples examples = new WorstExamples(3);
        long[] overMs = {5, 40, 1, 90, 40, 7, 300};
        for (int i = 0; i < overMs.length; i++) {
            examples.offer("late", overMs[i], Map.of("n", i));
        }
        examples.offer("orphan", Map.of("n", 100));
        examples.offer("orphan", Map.of("n", 101));

        assertThat(examples.rows()).extracting(row -> row.get("kind") + ":" + row.get("n"))
                .as("late by 300, 90, then the earlier of the two 40s; the orphans in their order")
                .containsExactly("late:6", "late:3", "late:1", "orphan:100", "orphan:101");
    }

    @Test
    void ofEquallyBadRowsTheFirstOfferedAreKept() {
        WorstExamples examples = new WorstExamples(2);
        for (int i = 0; i < 5; i++) {
            examples.offer("orphan", Map.of("n", i));
        }

        assertThat(examples.rows()).extracting(row -> row.get("n")).containsExactly(0, 1);
    }
}
