package dev.chaosharness.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {

    @TempDir
    Path reports;

    private static CheckResult slo(Verdict verdict, double p99Ms) {
        return new CheckResult("LatencySloCheck", "whole load", verdict, "p99", "t", "s", List.of()).withFigures("p99 ms", p99Ms);
    }

    private static CheckResult duplicates(Verdict verdict, int duplicates, int lost) {
        return new CheckResult("DuplicateDeliveryCheck", "g", verdict, "d", "t", "s", List.of())
                .withFigures("duplicates", duplicates, "lost", lost);
    }

    /** A stored run: its history's first and last events, and its verdicts. */
    private Path run(String runId, List<CheckResult> verdicts) throws IOException {
        Path dir = Files.createDirectories(reports.resolve(runId));
        String experiment = runId.substring(16, runId.length() - 5);
        try (RunHistory history = RunHistory.open(dir)) {
            history.append(new HistoryEvent.RunStarted(0, runId, experiment, "Sim", "none", 1, "local", Map.of()));
            history.append(new HistoryEvent.RunFinished(1, "completed", Analysis.overall(verdicts).name()));
        }
        new ObjectMapper().writeValue(dir.resolve(Analysis.VERDICTS_FILE).toFile(), verdicts);
        return dir;
    }

    @Test
    void eachFigureIsComparedWithTheSameSubjectsAndTheDirectionSaysWhichIsBetter() {
        List<RunComparison.Subject> subjects = RunComparison.subjects(
                List.of(slo(Verdict.FAIL, 410), duplicates(Verdict.PASS, 0, 0)),
                List.of(slo(Verdict.PASS, 120), duplicates(Verdict.FAIL, 3, 0)));

        assertThat(subjects.stream().flatMap(s -> s.figures().stream())).extracting(RunComparison.Figure::name,
                RunComparison.Figure::before, RunComparison.Figure::now, RunComparison.Figure::change).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p99 ms", 120.0, 410.0, "worse"),
                org.assertj.core.groups.Tuple.tuple("duplicates", 3.0, 0.0, "better"),
                org.assertj.core.groups.Tuple.tuple("lost", 0.0, 0.0, "same"));
        assertThat(subjects.get(0).verdictChanged()).isTrue();
        assertThat(subjects.get(0).verdictBefore()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aChangedVerdictIsShownOnceOnItsSubjectNotOnAFigureThatDidNotChange() throws IOException {
        // seen on a Kafka Streams run: duplicates 0 -> 2 failed the subject, and the row "lost 0.0 -> 0.0" said
        // PASS -> FAIL too, because every figure row carried its subject's verdict change
        run("20261130-100000-saga-aaaa", List.of(duplicates(Verdict.PASS, 0, 0)));
        Path now = run("20261130-110000-saga-bbbb", List.of(duplicates(Verdict.FAIL, 2, 0)));

        StringBuilder out = new StringBuilder();
        RunComparison.render(out, now, Analysis.read(now), "");
        String html = out.toString();

        assertThat(html.split("PASS &rarr; FAIL", -1)).as("one verdict change, shown once").hasSize(2);
        assertThat(html).contains("<td rowspan=\"2\">DuplicateDeliveryCheck</td><td rowspan=\"2\">g</td>"
                        + "<td rowspan=\"2\" class=\"verdict-changed\">PASS &rarr; FAIL</td>"
                        + "<td>duplicates</td><td>0.0</td><td>2.0</td><td class=\"worse\">worse</td></tr>")
                .as("the unchanged figure has its own row, with no verdict on it")
                .contains("<tr><td>lost</td><td>0.0</td><td>0.0</td><td class=\"same\">same</td></tr>");
    }

    @Test
    void aSubjectOnlyOneRunHasIsNewOrGone() {
        CheckResult gc = new CheckResult("GcPauseCheck", "payment-2", Verdict.PASS, "m", "t", "s", List.of())
                .withFigures("max GC pause ms", 12.5);

        assertThat(RunComparison.subjects(List.of(gc), List.of())).singleElement()
                .satisfies(s -> assertThat(s.figures()).singleElement().satisfies(f -> assertThat(f.change()).isEqualTo("new")))
                .satisfies(s -> assertThat(s.verdictChanged()).as("a subject new in this run changed no verdict").isFalse());
        assertThat(RunComparison.subjects(List.of(), List.of(gc))).singleElement()
                .satisfies(s -> assertThat(s.figures()).singleElement().satisfies(f -> assertThat(f.change()).isEqualTo("gone")));
    }

    @Test
    void anUnknownOnEitherSideIsAVerdictChangeWithTheFiguresThereAre() {
        CheckResult unknown = CheckResult.unknown("GcPauseCheck", "payment-1", "t", "no JFR recording");
        CheckResult judged = new CheckResult("GcPauseCheck", "payment-1", Verdict.PASS, "m", "t", "s", List.of())
                .withFigures("max GC pause ms", 40.0);

        assertThat(RunComparison.subjects(List.of(judged), List.of(unknown))).singleElement().satisfies(s -> {
            assertThat(s.figures()).singleElement().satisfies(f -> assertThat(f.change()).isEqualTo("new"));
            assertThat(s.verdictBefore()).isEqualTo(Verdict.UNKNOWN);
            assertThat(s.verdictChanged()).isTrue();
        });
        assertThat(RunComparison.subjects(List.of(unknown), List.of(judged))).singleElement().satisfies(s -> {
            assertThat(s.figures()).singleElement().satisfies(f -> assertThat(f.change()).isEqualTo("gone"));
            assertThat(s.verdictNow()).isEqualTo(Verdict.UNKNOWN);
        });
        assertThat(RunComparison.subjects(List.of(unknown), List.of(unknown))).as("no figures, same verdict: nothing to say").isEmpty();
        assertThat(RunComparison.subjects(List.of(new CheckResult("A", "x", Verdict.FAIL, "m", "t", "s", List.of())),
                List.of(new CheckResult("A", "x", Verdict.PASS, "m", "t", "s", List.of())))).singleElement()
                .satisfies(s -> assertThat(s.figures()).isEmpty()).satisfies(s -> assertThat(s.verdictChanged()).isTrue());
    }

    @Test
    void withoutAnEarlierRunThePageSaysSoAndHowToNameOne() throws IOException {
        Path only = run("20261130-100000-soak-aaaa", List.of(slo(Verdict.PASS, 100)));

        StringBuilder html = new StringBuilder();
        RunComparison.render(html, only, Analysis.read(only), "");

        assertThat(html.toString()).contains("No earlier run of this experiment").contains("-Dchaos.baseline=");
    }

    @Test
    void theBaselineIsThePreviousRunOfTheSameExperimentOrTheNamedOne() throws IOException {
        Path older = run("20261130-100000-churn-aaaa", List.of(slo(Verdict.PASS, 100)));
        Path previous = run("20261130-110000-churn-bbbb", List.of(slo(Verdict.PASS, 120)));
        run("20261130-113000-checkout-cccc", List.of(slo(Verdict.PASS, 50)));
        Path now = run("20261130-120000-churn-dddd", List.of(slo(Verdict.FAIL, 410)));

        assertThat(RunComparison.previous(now)).contains(previous);
        assertThat(RunComparison.previous(older)).isEmpty();
        assertThat(RunComparison.checkedBaseline(older.toString(), reports)).isEqualTo(older);
        assertThatThrownBy(() -> RunComparison.checkedBaseline(reports.resolve("nothing").toString(), reports))
                .hasMessageContaining("-Dchaos.baseline=").hasMessageContaining("is not a run directory with verdicts.json");

        StringBuilder html = new StringBuilder();
        RunComparison.render(html, now, Analysis.read(now), "");
        assertThat(html.toString()).contains("20261130-110000-churn-bbbb").contains("<td>120.0</td><td>410.0</td><td class=\"worse\">worse</td>")
                .contains("PASS &rarr; FAIL");
    }

    @Test
    void theIndexShowsEachExperimentsTrendAndMarksAChangedVerdict() throws IOException {
        run("20261130-100000-churn-aaaa", List.of(slo(Verdict.PASS, 100), duplicates(Verdict.PASS, 0, 0)));
        run("20261130-110000-churn-bbbb", List.of(slo(Verdict.PASS, 120), duplicates(Verdict.PASS, 0, 0)));
        run("20261130-120000-churn-dddd", List.of(slo(Verdict.FAIL, 410), duplicates(Verdict.FAIL, 3, 1)));
        run("20261130-113000-checkout-cccc", List.of(slo(Verdict.PASS, 50)));

        String index = Files.readString(ReportIndex.write(reports));

        assertThat(index).contains("<section id=\"trends\"").contains("<h3>churn <small>3 runs</small></h3>")
                .as("checkout has one run: no trend").doesNotContain("<h3>checkout");
        assertThat(index).contains("<td>p99 ms</td><td><svg class=\"trend\"").contains("<td>100.0</td><td>410.0</td>")
                .contains("<td>duplicates</td>").contains("class=\"changed\"><title>20261130-120000-churn-dddd: 410.0, &#10008; FAIL");
        assertThat(index).as("the run whose verdict changed is marked in the list").contains("(was &#10004; PASS)");
        assertThat(index).doesNotContain("<script").doesNotContain("href=\"http").doesNotContain("src=\"http");
    }

    @Test
    void verdictsWrittenBeforeFiguresExistedReadBackWithNone() throws IOException {
        Path dir = Files.createDirectories(reports.resolve("old"));
        Files.writeString(dir.resolve(Analysis.VERDICTS_FILE), "[{\"check\":\"A\",\"subject\":\"x\",\"verdict\":\"PASS\","
                + "\"measured\":\"m\",\"threshold\":\"t\",\"summary\":\"s\",\"evidence\":[]}]");

        assertThat(Analysis.read(dir)).singleElement().satisfies(r -> assertThat(r.figures()).isEmpty());
    }
}
