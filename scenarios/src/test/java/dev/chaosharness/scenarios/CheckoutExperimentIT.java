package dev.chaosharness.scenarios;

import dev.chaosharness.harness.experiment.ExperimentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.Analyze;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.DeadlinePropagationCheck;
import dev.chaosharness.harness.check.DuplicateDeliveryCheck;
import dev.chaosharness.harness.check.ErrorBudgetCheck;
import dev.chaosharness.harness.check.GatlingAssertionsCheck;
import dev.chaosharness.harness.check.GcPauseCheck;
import dev.chaosharness.harness.check.HeapGrowthCheck;
import dev.chaosharness.harness.check.LatencySloCheck;
import dev.chaosharness.harness.check.RecoveryTimeCheck;
import dev.chaosharness.harness.check.ThreadLeakCheck;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The baseline experiment against real forked JVMs and a real Kafka broker. */
class CheckoutExperimentIT {

    private static ExperimentResult result;
    private static List<HistoryEvent> history;

    @BeforeAll
    static void runCheckout() {
        result = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "checkout"), Settings.SETTINGS);
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
                .filter(HistoryEvent.RequestCompleted::success).map(HistoryEvent.RequestCompleted::correlationId)
                .collect(Collectors.toSet());
        List<HistoryEvent.KafkaRecordSeen> all = HistoryReader.ofType(history, HistoryEvent.KafkaRecordSeen.class);
        Set<String> warmup = all.stream().filter(r -> r.topic().equals("orders"))
                .filter(r -> r.value().path("customerId").asText().equals("harness-warmup"))
                .map(r -> r.value().path("orderId").asText()).collect(Collectors.toSet());
        assertThat(warmup).as("warm-up orders placed before the load").isNotEmpty();
        List<HistoryEvent.KafkaRecordSeen> records = all.stream()
                .filter(r -> !warmup.contains(r.value().path("orderId").asText())).toList();
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
    void theBaselinePassesEveryCheckThatCanJudgeIt() {
        assertThat(result.verdicts()).extracting(CheckResult::verdict).doesNotContain(Verdict.FAIL);
        for (String check : List.of(DuplicateDeliveryCheck.NAME, GcPauseCheck.NAME, DeadlinePropagationCheck.NAME,
                ThreadLeakCheck.NAME, HeapGrowthCheck.NAME, LatencySloCheck.NAME, ErrorBudgetCheck.NAME, GatlingAssertionsCheck.NAME)) {
            assertThat(result.verdictsOf(check)).as(check).isNotEmpty()
                    .allSatisfy(v -> assertThat(v.verdict()).as(v.toString()).isEqualTo(Verdict.PASS));
        }
        assertThat(result.verdictsOf(RecoveryTimeCheck.NAME)).as("no fault: nothing to recover from")
                .extracting(CheckResult::verdict).containsOnly(Verdict.NOT_APPLICABLE);
        assertThat(result.runDir().resolve("verdicts.json")).isRegularFile();
    }

    @Test
    void analyzeReproducesTheVerdictsFromTheStoredRun() {
        List<CheckResult> again = Analyze.rerun(result.runDir().path(), "");

        assertThat(again).isEqualTo(result.verdicts());
    }

    @Test
    void theRunReportRendersInHeadlessChromium() throws Exception {
        Path page = result.runDir().resolve("index.html");
        Path screenshot = result.runDir().resolve("report.png");

        HeadlessChromium.Page rendered = HeadlessChromium.open(page, screenshot);

        assertThat(rendered.dom()).contains("id=\"verdicts\"").contains("<svg id=\"timeline\"")
                .contains("GcPauseCheck").contains("class=\"latency-p99\"");
        assertThat(rendered.consoleLines()).as("console messages").isEmpty();
        assertThat(screenshot).isRegularFile();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
        assertThat(result.runDir().resolve("junit.xml")).isRegularFile();
        assertThat(result.runDir().path().getParent().resolve("index.html")).content()
                .contains(result.runDir().runId());
    }

    @Test
    void aJvmsProfileOpensFromThePageInHeadlessChromium() throws Exception {
        String page = Files.readString(result.runDir().resolve("index.html"));
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(profiles/order-1-1/[^\"]+\\.html)\"").matcher(page);
        assertThat(link.find()).as("the page links order-1's flame graph of the load").isTrue();

        HeadlessChromium.Page flameGraph = HeadlessChromium.open(result.runDir().resolve(link.group(1)),
                result.runDir().resolve("profile.png"));

        assertThat(flameGraph.dom()).as("its frames include the service's own code").contains("chaosharness");
        assertThat(flameGraph.consoleLines()).as("console messages").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> eachCheckOfTheBaseline() {
        return result.verdicts().stream().map(v -> DynamicTest.dynamicTest(v.check() + " [" + v.subject() + "]",
                () -> assertThat(v.verdict()).as(v.toString()).isNotEqualTo(Verdict.FAIL)));
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
