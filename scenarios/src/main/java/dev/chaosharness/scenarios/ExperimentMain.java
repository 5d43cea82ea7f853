package dev.chaosharness.scenarios;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentResult;

/** {@code ExperimentMain <experiment>}: runs one experiment and prints where its report is. */
public final class ExperimentMain {

    private ExperimentMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ExperimentMain <experiment>   (e.g. checkout)");
            System.exit(64);
        }
        ExperimentResult result = Experiment.run(Experiments.byName(args[0]));
        System.out.println();
        System.out.println("Experiment " + args[0] + ": " + result.overall() + " ("
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
