package dev.chaosharness.harness;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentInterruptedException;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.experiment.Overrides;
import dev.chaosharness.harness.report.RunComparison;
import dev.chaosharness.harness.yaml.YamlException;
import java.util.Map;

/**
 * {@code ExperimentMain <name | path/to/experiment.yaml>}: runs one experiment and prints its
 * verdicts and where its report is; the overrides come from {@code -Dexperiment.overrides}. Exit
 * code 1 when a check failed, 65 when a file is wrong (nothing started), 64 for bad usage, 130 or
 * 143 when SIGINT or SIGTERM interrupted the run (after its report of the part that ran).
 */
public final class ExperimentMain {

    private ExperimentMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: ExperimentMain <experiment name | path/to/experiment.yaml>   (e.g. checkout)");
            System.exit(64);
        }
        ExperimentSpec spec;
        try {
            Map<String, String> overrides = Overrides.parse(System.getProperty(Overrides.PROPERTY));
            spec = ExperimentFiles.load(args[0], overrides);
            String baseline = System.getProperty(RunComparison.BASELINE_PROPERTY, "");
            if (!baseline.isBlank()) {
                RunComparison.checkedBaseline(baseline);
            }
        } catch (YamlException | IllegalArgumentException e) {
            System.err.println("experiment not started: " + e.getMessage());
            System.exit(65);
            return;
        }
        ExperimentResult result;
        try {
            result = Experiment.run(spec);
        } catch (ExperimentInterruptedException e) {
            System.out.println();
            System.out.println("Experiment " + spec.name() + ": INTERRUPTED by " + e.signal() + " ("
                    + Analysis.counts(e.verdicts()) + " in the part that ran)");
            System.out.println("  report:         " + e.runDir().resolve("index.html"));
            System.exit(e.exitCode());
            return;
        }
        System.out.println();
        System.out.println("Experiment " + spec.name() + ": " + result.overall() + " ("
                + Analysis.counts(result.verdicts()) + ")");
        result.verdicts().forEach(v -> System.out.printf("  %-14s %-26s %-40s %s%n", v.verdict(), v.check(),
                v.subject().length() > 40 ? v.subject().substring(0, 37) + "..." : v.subject(), v.measured()));
        System.out.println("  run directory:  " + result.runDir().path());
        System.out.println("  Gatling report: " + result.gatlingReport().resolve("index.html"));
        System.out.println("  history:        " + result.history());
        System.out.println("  verdicts:       " + result.runDir().resolve("verdicts.json"));
        System.out.println("  report:         " + result.runDir().resolve("index.html"));
        System.out.println("  environment ready in " + result.environmentStartupMs() + " ms");
        System.exit(result.passed() ? 0 : 1);
    }
}
