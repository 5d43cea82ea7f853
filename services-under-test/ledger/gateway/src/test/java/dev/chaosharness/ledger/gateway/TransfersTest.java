package dev.chaosharness.ledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TransfersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aValidTransferHasNoProblemAndEachBadFieldIsNamed() throws Exception {
        assertThat(Transfers.problem(JSON.readTree("{\"from\":\"a\",\"to\":\"b\",\"amountCents\":5}"))).isNull();
        assertThat(Transfers.problem(JSON.readTree("{\"from\":\"a\",\"to\":\"a\",\"amountCents\":5}"))).startsWith("to:");
        assertThat(Transfers.problem(JSON.readTree("{\"from\":\"a\",\"to\":\"b\",\"amountCents\":0}"))).startsWith("amountCents:");
        assertThat(Transfers.problem(JSON.readTree("{\"to\":\"b\",\"amountCents\":1}"))).startsWith("from:");
        assertThat(Transfers.problem(null)).contains("JSON object");
    }

    @Test
    void theBudgetHeaderDefaultsAndNeverGoesNegative() {
        assertThat(LedgerGateway.budget(null)).isEqualTo(LedgerGateway.DEFAULT_BUDGET_MS);
        assertThat(LedgerGateway.budget("750")).isEqualTo(750);
        assertThat(LedgerGateway.budget("-5")).isZero();
        assertThat(LedgerGateway.budget("soon")).isEqualTo(LedgerGateway.DEFAULT_BUDGET_MS);
    }

    @Test
    void optionsNeedAPortAndABootstrap() {
        assertThat(Options.parse(new String[] {"--port", "1", "--bootstrap", "b:1"})).containsEntry("port", "1");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "1"})).hasMessage("--bootstrap is required");
        assertThatThrownBy(() -> Options.parse(new String[] {"port"})).hasMessageContaining("expected --name value");
    }
}
