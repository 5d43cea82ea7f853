package dev.chaosharness.ledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void bothSpellingsOfAnOptionAreRead() {
        assertThat(Options.parse(new String[] {"--port", "8080", "--bootstrap=127.0.0.1:9092", "--defect=drop-budget"}))
                .containsEntry("port", "8080").containsEntry("bootstrap", "127.0.0.1:9092")
                .containsEntry("defect", "drop-budget");
    }

    @Test
    void aStrayWordOrAMissingRequiredOptionIsNamed() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "1", "--bootstrap", "b", "stray"}))
                .hasMessageContaining("'stray'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port=1"})).hasMessageContaining("--bootstrap is required");
    }
}
