package dev.chaosharness.harness;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.experiment.Experiment;
import dev.chaosharness.harness.experiment.ExperimentAbortedException;
import dev.chaosharness.harness.experiment.ExperimentFiles;
import dev.chaosharness.harness.experiment.ExperimentInterruptedException;
import dev.chaosharness.harness.experiment.ExperimentResult;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.experiment.Overrides;
import dev.chaosharness.harness.experiment.ParentWatch;
import dev.chaosharness.harness.report.RunComparison;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.yaml.YamlException;
import dev.chaosharness.harness.suite.Suite;
import dev.chaosharness.harness.suite.SuiteTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ExperimentMain <name | path/to/experiment.yaml>[,<another>...]}: runs one experiment and
 * prints its verdicts and where its report is (several, comma-separated: a {@link Suite}, whose
 * exit code is its worst run's); the overrides come from {@code -Dexperiment.overrides}. Exit
 * codes: {@link RunVerdict}'s (0 PASS, 1 FAIL, 2 UNKNOWN, 3 ABORTED, 130, 143 or 129 INTERRUPTED by
 * SIGINT, SIGTERM or SIGHUP, after the report of the part that ran), 65 when a file is wrong (nothing
 * started), 64 for bad usage.
 */
public final class ExperimentMain {

    private ExperimentMain() {
    }

    /** The experiment {@code name} names, as the settings change it; throws, naming the file and line, when it is wrong. */
    private static ExperimentSpec loaded(HarnessSettings settings, String name) {
        Map<String, String> overrides = Overrides.parse(settings.overrides());
        ExperimentSpec spec = ExperimentFiles.load(settings, name, overrides);
        spec = spec.withEnvironment(spec.environment().withReadyTimeout(settings.readyTimeout().orElse(EnvironmentSpec.DEFAULT_READY_TIMEOUT)));
        Experiment.requireRunnable(spec, settings);
        if (!settings.baseline().isBlank()) {
            RunComparison.checkedBaseline(settings.baseline(), settings.reportsDir());
        }
        return spec;
    }

    /**
     * Runs the experiments as a {@link Suite}; prints each one's verdict and where its report is,
     * and how long each took beyond its declared load; returns the suite's exit code.
     */
    private static int runSuite(List<ExperimentSpec> specs, HarnessSettings settings) {
        Suite.Outcome outcome;
        try {
            outcome = Suite.run(specs, settings);
        } catch (ExperimentInterruptedException e) {
            System.out.println();
            System.out.println("Suite: INTERRUPTED by " + e.signal() + " during " + e.runDir().runId() + " ("
                    + Analysis.counts(e.verdicts()) + " in the part that ran)");
            System.out.println("  report:         " + e.runDir().resolve("index.html"));
            return e.exitCode();
        }
        System.out.println();
        System.out.println("Suite of " + specs.size() + " experiments: " + outcome.verdict() + "; "
                + outcome.environmentsStarted() + " environments started");
        for (Suite.Run run : outcome.runs()) {
            System.out.printf("  %-10s %-32s %s%n", run.verdict(), run.spec().name(), run.runDir().resolve("index.html"));
            SuiteTimes.of(run.runDir()).ifPresent(times -> System.out.println("             " + times));
        }
        return outcome.verdict().exitCode();
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].isBlank()) {
            System.err.println("usage: ExperimentMain <experiment name | path/to/experiment.yaml>[,<another>...]   (e.g. checkout)");
            System.exit(RunVerdict.EXIT_USAGE);
        }
        HarnessSettings settings;
        try {
            settings = HarnessSettings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("experiment not started: " + e.getMessage());
            System.exit(RunVerdict.EXIT_USAGE);
            return;
        }
        List<String> names = Arrays.stream(args[0].split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        List<ExperimentSpec> specs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                specs.add(loaded(settings, name));
            } catch (YamlException | IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            errors.forEach(error -> System.err.println("experiment not started: " + error));
            System.exit(RunVerdict.EXIT_FILE_ERROR);
            return;
        }
        if (settings.stopWithParent()) {
            ParentWatch.start();
        }
        if (specs.size() > 1) {
            System.exit(runSuite(specs, settings));
            return;
        }
        ExperimentSpec spec = specs.get(0);
        ExperimentResult result;
        try {
            result = Experiment.run(spec, settings);
        } catch (ExperimentInterruptedException e) {
            System.out.println();
            System.out.println("Experiment " + spec.name() + ": INTERRUPTED by " + e.signal() + " ("
                    + Analysis.counts(e.verdicts()) + " in the part that ran)");
            System.out.println("  report:         " + e.runDir().resolve("index.html"));
            System.exit(e.exitCode());
            return;
        } catch (ExperimentAbortedException e) {
            System.out.println();
            System.out.println("Experiment " + spec.name() + ": ABORTED: " + ExperimentAbortedException.reason(e.getCause()));
            System.out.println("  run directory:  " + e.runDir().path());
            e.report().ifPresent(page -> System.out.println("  report:         " + page));
            System.exit(RunVerdict.ABORTED.exitCode());
            return;
        }
        System.out.println();
        System.out.println("Experiment " + spec.name() + ": " + result.runVerdict() + " ("
                + Analysis.counts(result.verdicts()) + ")");
        result.verdicts().forEach(v -> System.out.printf("  %-14s %-26s %-40s %s%n", v.verdict(), v.check(),
                v.subject().length() > 40 ? v.subject().substring(0, 37) + "..." : v.subject(), v.measured()));
        System.out.println("  run directory:  " + result.runDir().path());
        System.out.println("  Gatling report: " + result.gatlingReport().resolve("index.html"));
        System.out.println("  history:        " + result.history());
        System.out.println("  verdicts:       " + result.runDir().resolve("verdicts.json"));
        System.out.println("  report:         " + result.runDir().resolve("index.html"));
        System.out.println("  environment ready in " + result.environmentStartupMs() + " ms");
        System.exit(result.runVerdict().exitCode());
    }
}
