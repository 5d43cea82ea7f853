package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.check.LatencySloCheck;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The same experiment twice into one reports directory: the second run's page compares its
 * figures with the first's, and the runs index shows the experiment's trend. A short ledger run
 * under a name of its own, so no other test's run is the "previous" one (local runtime: risk is a
 * command).
 */
class RunComparisonIT {

    private static final Map<String, String> SHORT_AND_OWN_NAME = Map.of("name", "comparison-twice",
            "load.ramp-seconds", "1", "load.hold-seconds", "5", "load.warmup.requests", "5");

    @Test
    void theSecondRunIsComparedWithTheFirstAndTheIndexShowsTheTrend() throws IOException {
        Assumptions.assumeTrue(Settings.onProcesses(), "risk runs on the local runtime only");
        ExperimentResult first = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-deadline", SHORT_AND_OWN_NAME), Settings.SETTINGS);
        ExperimentResult second = Experiment.run(ExperimentFiles.load(Settings.SETTINGS, "ledger-deadline", SHORT_AND_OWN_NAME), Settings.SETTINGS);

        String page = Files.readString(second.runDir().resolve("index.html"));
        double p99Before = first.verdictsOf(LatencySloCheck.NAME).get(0).figures().get("p99 ms");
        double p99Now = second.verdictsOf(LatencySloCheck.NAME).get(0).figures().get("p99 ms");
        assertThat(page).contains("<section id=\"comparison\"").contains(first.runDir().runId())
                .as("the p99 of both runs, side by side")
                .contains("<td>p99 ms</td><td>" + String.format(java.util.Locale.ROOT, "%.1f", p99Before) + "</td><td>"
                        + String.format(java.util.Locale.ROOT, "%.1f", p99Now) + "</td>");
        String index = Files.readString(second.runDir().path().getParent().resolve("index.html"));
        assertThat(index).contains("<section id=\"trends\"").containsPattern("<h3>comparison-twice <small>\\d+ runs</small></h3>")
                .contains("<svg class=\"trend\"").contains(second.runDir().runId() + ": ");
    }
}
