package dev.chaosharness.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path runDir;

    private List<HistoryEvent> history() {
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.RunStarted(0, "run-1", "consumer-churn", "Sim", "consumer-churn", 13, "local",
                Map.of("ratePerSecond", "20")));
        events.add(new HistoryEvent.LoadStarted(1000, "Sim", 20, 5, 25, 2000));
        for (long t = 1000; t < 31_000; t += 50) {
            events.add(new HistoryEvent.RequestCompleted(t + 30, t, 30, t > 10_000 && t < 12_000 ? 504 : 201,
                    !(t > 10_000 && t < 12_000), 2000, "o" + t, null, null));
        }
        events.add(new HistoryEvent.FaultApplied(7000, 1, 6, "kill", List.of("payment-2"), Map.of(), 6000, 6000));
        events.add(new HistoryEvent.FaultRolledBack(13_000, 1, "kill", List.of("payment-2"), "window-end"));
        events.add(new HistoryEvent.ProcessReady(15_500, "payment-2", 42));
        events.add(new HistoryEvent.ConsumerGroupObserved(2000, "g", "Stable", -1, List.of(new HistoryEvent.GroupMember("a", "payment-1", List.of(0)))));
        events.add(new HistoryEvent.ConsumerGroupObserved(10_200, "g", "PreparingRebalance", -1, List.of()));
        events.add(new HistoryEvent.GcPause(5000, "payment-1", 1, 3, "G1New", "G1 Evacuation Pause", 12, 12));
        events.add(new HistoryEvent.GcPause(9000, "payment-1", 1, 4, "G1Full", "Allocation Failure", 320, 320));
        events.add(new HistoryEvent.ThreadCount(3000, "order-1", 1, 40, 20));
        events.add(new HistoryEvent.ThreadCount(20_000, "order-1", 1, 60, 20));
        events.add(new HistoryEvent.ConsumerLagObserved(9_000, "g", 0));
        events.add(new HistoryEvent.ConsumerLagObserved(12_000, "g", 140));
        events.add(new HistoryEvent.LinkTrafficObserved(12_000, "payment-1->db-1", 3, 1, 0, 900, 300, 2));
        events.add(new HistoryEvent.KafkaRecordSeen(32_000, "orders", 0, 0, "o", 1, JsonNodeFactory.instance.objectNode()));
        events.add(new HistoryEvent.LoadFinished(31_000, 0, "gatling"));
        return events;
    }

    @Test
    void aRebalanceIsMarkedWhereAGroupChangedNotAtEachGroupsFirstObservation() {
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.LoadStarted(0, "Sim", 20, 0, 30, 2000));
        events.add(new HistoryEvent.RequestCompleted(130, 100, 30, 201, true, 2000, "o1", null, null));
        HistoryEvent.GroupMember a = new HistoryEvent.GroupMember("a", "payment-1", List.of(0));
        HistoryEvent.GroupMember b = new HistoryEvent.GroupMember("b", "stock-1", List.of(0));
        events.add(new HistoryEvent.ConsumerGroupObserved(1000, "payment", "Stable", 1, List.of(a)));
        events.add(new HistoryEvent.ConsumerGroupObserved(1100, "stock", "Stable", 1, List.of(b)));
        events.add(new HistoryEvent.ConsumerGroupObserved(1200, "payment", "Stable", 1, List.of(a)));
        events.add(new HistoryEvent.ConsumerGroupObserved(9000, "stock", "PreparingRebalance", 2, List.of()));
        events.add(new HistoryEvent.LoadFinished(30_000, 0, "gatling"));

        String html = HtmlReport.render(runDir, events, List.of());

        assertThat(html.split("class=\"rebalance\"", -1)).as("one change: stock at 9 s").hasSize(2);
        assertThat(html).contains("rebalance of stock: PreparingRebalance");
    }

    @Test
    void anHourLongTimelineHasAFixedNumberOfBucketsThatKeepTheSpikes() {
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.LoadStarted(0, "Sim", 20, 0, 3600, 2000));
        for (long t = 0; t < 3_600_000; t += 100) {
            long latencyMs = t == 1_800_000 ? 4321 : 30;
            events.add(new HistoryEvent.RequestCompleted(t + latencyMs, t, latencyMs, 201, true, 2000, "o" + t, null, null));
        }
        for (long t = 0; t < 3_600_000; t += 1000) {
            events.add(new HistoryEvent.GcPause(t, "a-1", 1, t, "G1New", "G1 Evacuation Pause", t == 900_000 ? 250 : 5,
                    t == 900_000 ? 250 : 5));
        }
        events.add(new HistoryEvent.LoadFinished(3_600_000, 0, "gatling"));

        String html = HtmlReport.render(runDir, events, List.of());

        assertThat(html.split("<title>\\d+s: \\d+ requests</title>", -1)).hasSize(TimelineSvg.MAX_BUCKETS + 1);
        assertThat(html.split("class=\"gc-pause\"", -1)).hasSize(TimelineSvg.MAX_BUCKETS + 1);
        assertThat(html).as("the one slow request is the top of the latency axis")
                .contains(">4321.0</text>").contains("250.0 ms, the longest of its 6 s");
        assertThat(html.length()).isLessThan(1_000_000);
    }

    @Test
    void theReportHasHeaderVerdictsTimelineAndEvidence() throws Exception {
        List<CheckResult> verdicts = List.of(
                new CheckResult("DuplicateDeliveryCheck", "payment-capture", Verdict.FAIL, "3 effect duplicates", "<= 0",
                        "3 captures <repeated>", List.of(Map.of("kind", "duplicate", "orderId", "o1", "captures", List.of("a", "b")))),
                new CheckResult("GcPauseCheck", "order-1", Verdict.UNKNOWN, "no data", "max 200 ms", "no JFR", List.of()));
        Files.writeString(runDir.resolve("history.jsonl"), "");

        String html = HtmlReport.render(runDir, history(), verdicts);

        assertThat(html).contains("<table id=\"verdicts\"").contains("<svg id=\"timeline\"").contains("id=\"overall\"")
                .contains("FAIL").contains("consumer-churn").contains("class=\"fault-window\"").contains("class=\"rebalance\"")
                .contains("<title>payment-2 ready again (pid 42)</title>")
                .contains("class=\"gc-pause\"").contains("class=\"threads\"").contains("href=\"#evidence-0\"")
                .contains("class=\"lag\"").contains("consumer lag (records past the committed offsets)").contains("id=\"lag-note\"").contains("<table id=\"links\"")
                .contains("<table id=\"groups\"")
                .contains("id=\"evidence-0\"").contains("3 captures &lt;repeated&gt;").doesNotContain("<repeated>");
        assertThat(html).as("a long summary wraps in its column instead of widening the page (seen at 1400 px in Chromium)")
                .contains("#verdicts{table-layout:fixed}").contains("<table id=\"verdicts\"><colgroup>")
                .contains("td,dd,summary{overflow-wrap:anywhere}").contains("<div class=\"scroll\"><table class=\"evidence\">");
        assertThat(html).as("nothing fetched from another host")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("url(http").doesNotContain("<script");
    }

    @Test
    void evidenceTimesAreSecondsFromTheLoadStartAsOnTheTimelineAndVerdictsKeepEpochMs() {
        long t0 = 1_765_080_000_000L;
        List<HistoryEvent> events = List.of(new HistoryEvent.LoadStarted(t0, "Sim", 20, 0, 30, 2000),
                new HistoryEvent.LoadFinished(t0 + 30_000, 0, "gatling"));
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("kind", "stuck");
        row.put("id", "1765080012400"); // an id that looks like a time is no time: only time columns and "at <ms>" are
        row.put("sentAtMs", t0 + 12_400);
        row.put("offset", t0 + 5_000);
        row.put("fault", "window 1 (kill payment-2) at " + (t0 + 7_000));
        row.put("effects", List.of("payment-1 p0@12 at " + (t0 + 13_050), "payment-2 p0@40 at " + (t0 - 800)));
        CheckResult stuck = new CheckResult("CompletionCheck", "orders", Verdict.FAIL, "1 stuck", "0", "1 stuck", List.of(row));

        String html = HtmlReport.render(runDir, events, List.of(stuck));

        assertThat(html).contains("<th>kind</th><th>id</th><th>sentAt</th><th>offset</th>").contains("<td>+12.4 s</td>").contains("<td>window 1 (kill payment-2) at +7.0 s</td>")
                .contains("<td>payment-1 p0@12 at +13.1 s<br>payment-2 p0@40 at -0.8 s</td>")
                .as("a number in a column that is no time stays as it is")
                .contains("<td>1765080012400</td>").contains("<td>" + (t0 + 5_000) + "</td>")
                .doesNotContain("<td>stuck</td><td>1765080012400</td><td>" + (t0 + 12_400)).contains("keeps them as epoch milliseconds");
        assertThat(stuck.evidence().get(0).get("sentAtMs")).as("verdicts.json keeps the raw value").isEqualTo(t0 + 12_400);
    }

    @Test
    void theHeaderSaysWhatEachServiceRanOnAndTheHarnesssOwnJavaApart() {
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.RunStarted(0, "run-1", "saga", "Sim", "kill", 13, "local",
                Map.of(HistoryEvent.RunStarted.HARNESS_JAVA, "17.0.15+6-Debian-1deb12u1 (Debian)")));
        events.add(new HistoryEvent.ProcessStarted(10, "kafka-1", "kafka", true, 5, List.of("/usr/bin/java", "kafka.Kafka"), ""));
        events.add(new HistoryEvent.ProcessStarted(20, "db-1", "db", false, 6,
                List.of("/usr/lib/postgresql/15/bin/postgres", "-D", "/tmp/db"), ""));
        events.add(new HistoryEvent.ProcessStarted(30, "order-1", "order", true, 11, List.of("/opt/jdk25/bin/java"), ""));
        events.add(new HistoryEvent.ProcessStarted(31, "order-2", "order", true, 12, List.of("/opt/jdk25/bin/java"), ""));
        events.add(new HistoryEvent.ProcessStarted(32, "payment-1", "payment", true, 21, List.of("java"), ""));
        events.add(new HistoryEvent.LoadStarted(1000, "Sim", 20, 0, 30, 2000));
        events.add(new HistoryEvent.ProcessStarted(9000, "payment-1", "payment", true, 22, List.of("java"), ""));
        events.add(new HistoryEvent.LoadFinished(31_000, 0, "gatling"));
        events.add(new HistoryEvent.JvmRuntime(30, "order-1", 11, "25+36-LTS", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM"));
        events.add(new HistoryEvent.JvmRuntime(31, "order-2", 12, "25+36-LTS", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM"));
        events.add(new HistoryEvent.JvmRuntime(32, "payment-1", 21, "21.0.5+11", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM"));
        events.add(new HistoryEvent.JvmRuntime(9000, "payment-1", 22, "21.0.5+11", "Eclipse Adoptium", "OpenJDK 64-Bit Server VM"));

        String html = HtmlReport.render(runDir, events, List.of());

        assertThat(html).contains("<dd id=\"runtimes\">kafka: a JVM whose Java was not recorded (/usr/bin/java)<br>"
                        + "db: not a JVM: /usr/lib/postgresql/15/bin/postgres -D /tmp/db<br>"
                        + "order: Java 25+36-LTS (Eclipse Adoptium)<br>payment: Java 21.0.5+11 (Eclipse Adoptium)</dd>")
                .contains("<dt>harness ran on</dt><dd>Java 17.0.15+6-Debian-1deb12u1 (Debian) (its own JVM, not the services&#39;)")
                .as("the Java that renders the page is not what the run ran on").doesNotContain("Java " + Runtime.version() + ",");

        events.set(0, new HistoryEvent.RunStarted(0, "run-1", "saga", "Sim", "kill", 13, "local", Map.of()));
        events.add(new HistoryEvent.JvmRuntime(31, "order-2", 13, "17.0.15", "Debian", "OpenJDK 64-Bit Server VM"));
        events.add(new HistoryEvent.ProcessStarted(40_000, "order-2", "order", true, 13, List.of("java"), ""));
        assertThat(HtmlReport.render(runDir, events, List.of())).as("an earlier run's history").contains("<dt>harness ran on</dt>"
                        + "<dd>not recorded (a run from before the history kept it)")
                .as("instances that differ are named").contains("order: order-1 Java 25+36-LTS (Eclipse Adoptium); "
                        + "order-2 Java 25+36-LTS (Eclipse Adoptium), restarted on Java 17.0.15 (Debian)<br>");
    }

    @Test
    void aLagThatSawToothsWithACommitIntervalIsNamedAndADrainIsNot() {
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.LoadStarted(0, "Sim", 20, 0, 130, 2000));
        for (long s = 0; s <= 130; s++) {
            // streams: 10 records/s past its last commit, committed every 30 s (at 30, 60, 90, 120 s)
            events.add(new HistoryEvent.ConsumerLagObserved(s * 1000, "stock-streams", s % 30 * 10));
            // a plain consumer after a 20 s cut: its backlog of 200 drains over 20 s, no fall in one sample
            long backlog = s < 40 ? 0 : s < 60 ? (s - 40) * 10 : s < 80 ? 200 - (s - 60) * 10 : 0;
            events.add(new HistoryEvent.ConsumerLagObserved(s * 1000, "payment", backlog));
        }
        events.add(new HistoryEvent.LoadFinished(130_000, 0, "gatling"));

        String html = HtmlReport.render(runDir, events, List.of());

        assertThat(html).contains("consumer lag (records past the committed offsets)")
                .contains("a consumer that commits every N s (Kafka Streams: <code>commit.interval.ms</code>")
                .contains("<strong>stock-streams</strong>'s lag saw-tooths: it fell at once every 30.0 s or so")
                .doesNotContain("<strong>payment</strong>");
        assertThat(LagNote.commitPeriodSeconds(events.stream().filter(e -> e instanceof HistoryEvent.ConsumerLagObserved l
                && l.group().equals("payment")).map(e -> (HistoryEvent.ConsumerLagObserved) e).toList())).isEmpty();
        assertThat(HtmlReport.render(runDir, List.of(events.get(0), events.get(events.size() - 1)), List.of()))
                .as("no lag sampled, no lane, no note").doesNotContain("lag-note");
    }

    @Test
    void aLongEvidenceListShowsItsFirstRowsAndPointsToTheFullList() {
        List<Map<String, Object>> evidence = new ArrayList<>();
        for (int i = 0; i < 156; i++) {
            evidence.add(Map.of("kind", "duplicate", "id", "t-" + i));
        }
        List<CheckResult> verdicts = List.of(new CheckResult("DuplicateDeliveryCheck", "ledger", Verdict.FAIL, "156", "0",
                "156 duplicates", evidence));

        String html = HtmlReport.render(runDir, history(), verdicts);

        assertThat(html).contains("<td>t-49</td>").doesNotContain("<td>t-50</td>")
                .contains("The worst 50 of 156 rows").contains("href=\"verdicts.json\"");
    }

    @Test
    void anAbortedRunSaysSoWhateverItsChecksFound() {
        List<HistoryEvent> events = new ArrayList<>(history());
        events.add(new HistoryEvent.RunFinished(40_000, "aborted", "IllegalStateException: failing on purpose"));
        List<CheckResult> verdicts = List.of(new CheckResult("GcPauseCheck", "order-1", Verdict.PASS, "m", "t", "s", List.of()));

        String html = HtmlReport.render(runDir, events, verdicts);

        assertThat(html).contains("ABORTED").contains("failing on purpose");
    }

    @Test
    void junitXmlHasOneCasePerResult() throws Exception {
        List<CheckResult> verdicts = List.of(
                new CheckResult("A", "x", Verdict.FAIL, "m", "t", "s", List.of()),
                new CheckResult("B", "y", Verdict.UNKNOWN, "m", "t", "s", List.of()),
                new CheckResult("C", "z", Verdict.PASS, "m", "t", "s", List.of()));

        String xml = Files.readString(JUnitXmlReport.write(runDir, "e", verdicts));

        assertThat(xml).contains("tests=\"3\" failures=\"1\" skipped=\"1\"").contains("<failure").contains("<skipped");
    }

    @Test
    void anAbortedRunIsAnErrorInTheJUnitXmlWithItsReason() throws Exception {
        List<CheckResult> verdicts = List.of(CheckResult.notApplicable("A", "run", "a load", "no load ran: nothing to judge"));

        String xml = Files.readString(JUnitXmlReport.write(runDir, "e", verdicts,
                java.util.Optional.of("api-1 was not ready within 60 s")));

        assertThat(xml).contains("tests=\"2\" failures=\"0\" skipped=\"1\" errors=\"1\"")
                .contains("<testcase classname=\"experiment.e\" name=\"run\"><error type=\"ABORTED\" message=\"api-1 was not ready within 60 s\"/>");
    }
}
