package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The baseline experiment against real forked JVMs and a real Kafka broker. */
class CheckoutExperimentIT {

    private static ExperimentResult result;
    private static List<HistoryEvent> history;

    @BeforeAll
    static void runCheckout() {
        result = Experiment.run(Experiments.checkout());
        history = HistoryReader.read(result.runDir().path());
    }

    @Test
    void gatlingAssertionsPassAndTheReportIsWritten() {
        assertThat(result.gatlingExitCode()).as("Gatling exit code (2 = assertions failed)").isZero();
        assertThat(result.gatlingReport().resolve("index.html")).isRegularFile();
        assertThat(result.history()).isRegularFile();
    }

    @Test
    void everyPlacedOrderIsCapturedExactlyOnce() {
        assertThat(result.drained()).as("capture group drained the orders topic").isTrue();
        Set<String> placed = HistoryReader.ofType(history, HistoryEvent.RequestCompleted.class).stream()
                .filter(r -> r.status() == 201).map(HistoryEvent.RequestCompleted::orderId)
                .collect(Collectors.toSet());
        List<HistoryEvent.KafkaRecordSeen> records = HistoryReader.ofType(history, HistoryEvent.KafkaRecordSeen.class);
        Map<String, Long> publishedPerOrder = countByOrderId(records, "orders");
        Map<String, Long> capturedPerOrder = countByOrderId(records, "payments");

        assertThat(placed).as("orders the load placed").hasSizeGreaterThan(100);
        assertThat(publishedPerOrder.keySet()).as("OrderPlaced events are exactly the placed orders")
                .isEqualTo(placed);
        assertThat(publishedPerOrder.values()).as("OrderPlaced per order").containsOnly(1L);
        assertThat(capturedPerOrder.keySet()).as("orders with a PaymentCaptured").isEqualTo(placed);
        assertThat(capturedPerOrder.values()).as("PaymentCaptured per order").containsOnly(1L);
    }

    @Test
    void historyRecordsTheEnvironmentAndTheLoad() {
        List<HistoryEvent.EnvironmentUp> up = HistoryReader.ofType(history, HistoryEvent.EnvironmentUp.class);
        assertThat(up).hasSize(1);
        assertThat(up.get(0).startupMs()).isPositive();
        assertThat(up.get(0).endpoints()).containsKeys("kafka", "order-1", "payment-1", "payment-2", "payment-3");
        assertThat(HistoryReader.ofType(history, HistoryEvent.LoadStarted.class)).hasSize(1);
        assertThat(HistoryReader.ofType(history, HistoryEvent.LoadFinished.class)).hasSize(1);
        assertThat(HistoryReader.ofType(history, HistoryEvent.EnvironmentDown.class)).hasSize(1);
        assertThat(HistoryReader.ofType(history, HistoryEvent.RunFinished.class))
                .singleElement().extracting(HistoryEvent.RunFinished::outcome).isEqualTo("passed");
        assertThat(Files.exists(result.runDir().resolve("logs").resolve("order-1.log"))).isTrue();
    }

    @Test
    void noProcessOutlivesTheExperiment() {
        RunAssertions.noProcessOutlivedTheRun(history);
    }

    private static Map<String, Long> countByOrderId(List<HistoryEvent.KafkaRecordSeen> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic))
                .map(r -> r.value().path("orderId").asText())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
