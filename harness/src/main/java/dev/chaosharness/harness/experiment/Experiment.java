package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.environment.EnvironmentRuntimes;
import dev.chaosharness.harness.chaos.FaultSchedule;
import dev.chaosharness.harness.chaos.action.FaultAction;
import dev.chaosharness.harness.chaos.action.FaultActions;
import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.environment.DataDirectories;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.history.RunOwner;
import dev.chaosharness.harness.load.GatlingRunner;
import dev.chaosharness.harness.load.Warmup;
import dev.chaosharness.harness.probe.ProbeContext;
import dev.chaosharness.harness.probe.Probes;
import dev.chaosharness.harness.probe.TopicContents;
import dev.chaosharness.harness.report.HtmlReport;
import dev.chaosharness.harness.report.RunComparison;
import dev.chaosharness.harness.report.JUnitXmlReport;
import dev.chaosharness.harness.report.ReportIndex;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.Topology;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment: environment up; the probes verify what they will read; the warm-up; the
 * fault schedule and the load together, with the watching probes running; every fault ended; every
 * declared group drained; the probes' final reads; environment down; then the probes' reads of what
 * the services left behind ({@link Probes}). Every phase is logged and written to the run history;
 * faults are rolled back and the environment stopped whatever happens.
 */
public final class Experiment {

    private static final Logger log = LoggerFactory.getLogger(Experiment.class);
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(60);

    private final ExperimentSpec spec;
    private final EnvironmentRuntime runtime;
    private final ExperimentListener listener;
    private final HarnessSettings settings;
    private final EnvironmentSupply supply;
    /** The signals of the run in progress (set by {@link #run()}), so a cleanup knows whether one interrupted it. */
    private RunInterrupts interrupts;

    public Experiment(ExperimentSpec spec, HarnessSettings settings, ExperimentListener listener) {
        this(spec, settings, listener, EnvironmentSupply.own(EnvironmentRuntimes.selected(settings)));
    }

    /** An experiment that takes its environment from {@code supply} (a suite's shared one). */
    public Experiment(ExperimentSpec spec, HarnessSettings settings, ExperimentListener listener, EnvironmentSupply supply) {
        this.spec = spec;
        this.settings = settings;
        this.runtime = EnvironmentRuntimes.selected(settings);
        this.listener = listener;
        this.supply = supply;
    }

    /** Runs the experiment on the runtime the settings choose ({@code harness.runtime}, local by default). */
    public static ExperimentResult run(ExperimentSpec spec, HarnessSettings settings) {
        return new Experiment(spec, settings, ExperimentListener.NONE).run();
    }

    /**
     * Fails before anything starts when the selected runtime cannot run what the experiment needs
     * (a toxic its fault proxy lacks), naming the profile's line.
     */
    public static void requireRunnable(ExperimentSpec spec, HarnessSettings settings) {
        Map<String, Integer> toxics = new LinkedHashMap<>();
        spec.profile().timeline().forEach(window -> toxics.putIfAbsent(window.action(), window.line()));
        EnvironmentRuntime runtime = EnvironmentRuntimes.selected(settings);
        runtime.requireRunnable(spec.environment().system());
        runtime.requireToxics(toxics, spec.profile().source());
        Topology topology = Topology.of(spec.environment().system());
        Set<String> linksActedOn = new java.util.TreeSet<>();
        spec.profile().timeline().stream()
                .filter(window -> FaultActions.byName(window.action()).map(a -> a.targetKind() == FaultAction.TargetKind.LINK)
                        .orElse(false))
                .forEach(window -> linksActedOn.addAll(topology.resolveLinks(
                        window.target().replaceFirst("^random:", ""), new java.util.Random(0))));
        runtime.requireEnvironment(spec.environment(), linksActedOn);
    }

    /**
     * Runs the experiment. Throws {@link ExperimentInterruptedException} after SIGINT, SIGTERM or SIGHUP
     * (once the environment is restored and the report of the part that ran is written), and
     * {@link ExperimentAbortedException}, caused by what broke the run, when it was aborted (after the same).
     */
    public ExperimentResult run() {
        requireRunnable(spec, settings);
        String baseline = settings.baseline();
        if (!baseline.isBlank()) {
            // a baseline that is no run is an error before anything starts
            RunComparison.checkedBaseline(baseline, settings.reportsDir());
        }
        DeadRuns.closeAll(settings.reportsDir());
        RunDirectory runDir = RunDirectory.create(settings.reportsDir(), spec.name());
        RunOwner.claim(runDir.path());
        try (RunHistory history = RunHistory.open(runDir.path()); RunInterrupts interrupts = RunInterrupts.install()) {
            this.interrupts = interrupts;
            history.append(new HistoryEvent.RunStarted(System.currentTimeMillis(), runDir.runId(), spec.name(),
                    spec.load().simulationClass(), spec.profile().name(), spec.seed(), runtime.name(), parameters()));
            history.append(new HistoryEvent.ChecksDeclared(System.currentTimeMillis(), spec.checks().toJson()));
            phase(runDir, "run directory " + runDir.path());
            phase(runDir, "experiment " + spec.source() + (spec.overrides().isEmpty() ? ", no override"
                    : ", overrides applied: " + spec.overrides()));
            phase(runDir, "report: compared with " + (baseline.isBlank() ? "the previous run of " + spec.name()
                    + " in " + runDir.path().getParent() + ", if any" : "the baseline "
                    + RunComparison.checkedBaseline(baseline, settings.reportsDir())
                    + " (-D" + RunComparison.BASELINE_PROPERTY + ")"));
            try {
                listener.runStarted(runDir);
                ExperimentResult measured = runIn(runDir, history);
                interrupts.finishing();
                if (interrupts.signal().isPresent()) {
                    throw interrupted(runDir, history, interrupts.signal().get());
                }
                return judged(runDir, history, measured);
            } catch (ExperimentInterruptedException | ExperimentAbortedException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                interrupts.finishing();
                if (interrupts.signal().isPresent()) {
                    ExperimentInterruptedException interrupted = interrupted(runDir, history, interrupts.signal().get());
                    interrupted.addSuppressed(e);
                    throw interrupted;
                }
                throw aborted(runDir, history, e);
            }
        }
    }

    private ExperimentResult judged(RunDirectory runDir, RunHistory history, ExperimentResult measured) {
        phase(runDir, "checks: running " + spec.checkList().size() + " checks over the history");
        ExperimentResult result = measured.withVerdicts(Analysis.run(runDir.path(), spec.checkList()));
        result.verdicts().forEach(v -> phase(runDir, "  " + v));
        history.append(new HistoryEvent.RunFinished(System.currentTimeMillis(), result.runVerdict().spelling(), summary(result)));
        phase(runDir, "finished: " + summary(result));
        settleKeptData(runDir, result.runVerdict() == RunVerdict.PASS);
        phase(runDir, "report: " + writeReport(runDir, result.verdicts()));
        return result;
    }

    /** The checks judge what ran; the history ends {@code interrupted}; the report says so. */
    private ExperimentInterruptedException interrupted(RunDirectory runDir, RunHistory history, String signal) {
        phase(runDir, "interrupted by " + signal + ": judging the part that ran");
        List<CheckResult> verdicts = Analysis.run(runDir.path(), spec.checkList());
        verdicts.forEach(v -> phase(runDir, "  " + v));
        String message = signal + " before the run ended; the checks judged the part that ran ("
                + Analysis.counts(verdicts) + ")";
        history.append(new HistoryEvent.RunFinished(System.currentTimeMillis(), RunVerdict.INTERRUPTED.spelling(), message));
        phase(runDir, "INTERRUPTED: " + message);
        settleKeptData(runDir, false);
        phase(runDir, "report of the interrupted run: " + writeReport(runDir, verdicts));
        return new ExperimentInterruptedException(signal, runDir, verdicts);
    }

    /** The history ends {@code aborted} with the reason, the page says ABORTED; nothing is judged from a boot. */
    private ExperimentAbortedException aborted(RunDirectory runDir, RunHistory history, Throwable e) {
        String reason = ExperimentAbortedException.reason(e);
        history.append(new HistoryEvent.RunFinished(System.currentTimeMillis(), RunVerdict.ABORTED.spelling(), reason));
        phase(runDir, "ABORTED: " + reason);
        settleKeptData(runDir, false);
        Optional<Path> report = Optional.empty();
        try {
            List<CheckResult> verdicts = Analysis.run(runDir.path(), spec.checkList());
            report = Optional.of(writeReport(runDir, verdicts, Optional.of(reason)));
            phase(runDir, "report of the aborted run: " + report.get());
        } catch (RuntimeException reportFailed) {
            e.addSuppressed(reportFailed);
        }
        return new ExperimentAbortedException(runDir, e, report);
    }

    private ExperimentResult runIn(RunDirectory runDir, RunHistory history) {
        EnvironmentSupply.Use use = supply.use(spec, runDir, history, message -> phase(runDir, message));
        Environment environment = use.environment();
        Probes probes = Probes.forRun(new ProbeContext(spec.checks(), environment, history, runDir.path(),
                message -> phase(runDir, message), spec.wireHeaders()));
        try {
            try {
                return measure(runDir, history, use, probes);
            } finally {
                RunInterrupts.clearForCleanup();
                use.end().run();
            }
        } finally {
            RunInterrupts.clearForCleanup();
            phase(runDir, "probes: reading what the services left behind");
            probes.readAfterEnvironment();
        }
    }

    private ExperimentResult measure(RunDirectory runDir, RunHistory history, EnvironmentSupply.Use use, Probes probes) {
        Environment environment = use.environment();
        if (use.starts()) {
            phase(runDir, startingLine(environment));
        }
        long startupMs = use.start().getAsLong();
        phase(runDir, "environment: ready in " + startupMs + " ms");
        return measureReady(runDir, history, environment, probes, startupMs);
    }

    /** What starting the environment does, in a line. */
    private String startingLine(Environment environment) {
        return runtime.servicesHost().isEmpty()
                ? "environment (attach): checking that system '" + spec.environment().system().name() + "' (" + services()
                        + ") answers where its attach file says; nothing is started"
                : "environment (" + runtime.name() + "): starting Kafka, the fault proxy and system '"
                        + spec.environment().system().name() + "': " + services() + "; " + servicesStart(environment)
                        + "; ready within " + readyBounds();
    }

    private ExperimentResult measureReady(RunDirectory runDir, RunHistory history, Environment environment, Probes probes,
                                          long startupMs) {
        probes.verify();
        URI entry = environment.serviceUri(spec.load().entryService());
        long warmupStartNanos = System.nanoTime();
        int warm = Warmup.run(spec.load(), entry);
        phase(runDir, spec.load().warmup().requests() == 0 ? "warm-up: none declared (load.warmup)"
                : "warm-up: " + warm + " of " + spec.load().warmup().requests() + " requests to "
                + spec.load().entryService() + " (" + spec.load().warmup().concurrency() + " at a time) succeeded before the load, in "
                + Duration.ofNanos(System.nanoTime() - warmupStartNanos).toMillis() + " ms");
        listener.environmentReady(environment);

        GatlingRunner.Result load;
        boolean drained;
        probes.startWatching();
        try {
            try {
                load = loadUnderFaults(runDir, history, environment);
            } finally {
                listener.faultsEnded(environment);
            }
            drained = awaitDrained(runDir, history, environment);
        } finally {
            RunInterrupts.clearForCleanup();
            probes.stopWatching();
        }
        probes.readAfterLoad();
        phase(runDir, "environment: stopping");
        return new ExperimentResult(runDir, load.exitCode(), load.reportDir(), drained, startupMs, List.of());
    }

    /**
     * Every consumer group the system declares (not only those a check judges: a group that still
     * rebalances holds back the final states the reads that follow see) consumes its topics to the end
     * and is Stable, all within {@link #DRAIN_BOUND}.
     */
    private boolean awaitDrained(RunDirectory runDir, RunHistory history, Environment environment) {
        Set<String> groups = spec.environment().system().groups().keySet();
        if (groups.isEmpty()) {
            return true;
        }
        phase(runDir, "probes: waiting up to " + DRAIN_BOUND.toSeconds() + " s for every declared group to drain"
                + " (lag 0 on its topics, Stable): " + String.join(", ", groups));
        long startedNanos = System.nanoTime();
        boolean drained = new TopicContents(environment.kafkaBootstrap(), history).awaitDrained(groups, DRAIN_BOUND,
                message -> phase(runDir, message));
        phase(runDir, drained ? "probes: every group drained in " + Duration.ofNanos(System.nanoTime() - startedNanos)
                .toMillis() + " ms" : "probes: a group did NOT drain within " + DRAIN_BOUND.toSeconds()
                + " s (see above): the checks that need a drained state say UNKNOWN rather than FAIL");
        return drained;
    }

    private GatlingRunner.Result loadUnderFaults(RunDirectory runDir, RunHistory history, Environment environment) {
        boolean completed = false;
        FaultSchedule schedule = new FaultSchedule(spec.profile(), environment, history);
        try {
            phase(runDir, "faults: profile '" + spec.profile().name() + "', " + spec.profile().timeline().size()
                    + " windows, seed " + spec.seed() + ", timed from the first request the load sends");
            listener.loadStarting(environment);
            phase(runDir, "load: " + spec.load().simulationClass() + " at up to " + spec.load().ratePerSecond()
                    + " req/s for " + (spec.load().rampSeconds() + spec.load().holdSeconds()) + " s");
            long loadStartingMs = System.currentTimeMillis();
            GatlingRunner.Result load = GatlingRunner.run(spec.load(), environment.serviceUris(spec.load().entryService()),
                    runDir.path(), history, firstSentMs -> {
                        schedule.startAt(firstSentMs);
                        phase(runDir, "load: first request sent " + (firstSentMs - loadStartingMs)
                                + " ms after the load was started; fault windows count from it");
                    });
            phase(runDir, "load: done, Gatling exit code " + load.exitCode() + ", report "
                    + load.reportDir().resolve("index.html"));
            listener.loadFinished(environment);
            completed = true;
            return load;
        } finally {
            RunInterrupts.clearForCleanup();
            schedule.close(completed ? FaultSchedule.EXPERIMENT_END
                    : interrupts.signal().isPresent() ? FaultSchedule.INTERRUPTED : FaultSchedule.ABORTED);
            phase(runDir, "faults: every window ended, links and processes restored");
        }
    }

    /** The run's page and the index of all runs beside it. */
    private Path writeReport(RunDirectory runDir, List<CheckResult> verdicts) {
        return writeReport(runDir, verdicts, Optional.empty());
    }

    private Path writeReport(RunDirectory runDir, List<CheckResult> verdicts, Optional<String> abortReason) {
        Path page = HtmlReport.write(runDir.path(), verdicts, settings.baseline());
        JUnitXmlReport.write(runDir.path(), spec.name(), verdicts, abortReason);
        ReportIndex.write(runDir.path().getParent());
        return page;
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("ratePerSecond", Double.toString(spec.load().ratePerSecond()));
        parameters.put("rampSeconds", Integer.toString(spec.load().rampSeconds()));
        parameters.put("holdSeconds", Integer.toString(spec.load().holdSeconds()));
        parameters.put("budgetMs", Long.toString(spec.load().budgetMs()));
        parameters.put("budgetHeader", spec.load().budgetHeader());
        parameters.put("requestIdHeader", spec.load().requestIdHeader());
        parameters.put("wireBudgetHeaders", String.join(",", spec.wireHeaders().budget()));
        parameters.put("wireCorrelationHeaders", String.join(",", spec.wireHeaders().correlation()));
        parameters.put("system", spec.environment().system().name());
        parameters.put(HistoryEvent.RunStarted.HARNESS_JAVA,
                System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + ")");
        parameters.put("systemSource", spec.environment().system().source().toString());
        parameters.put("entryService", spec.load().entryService());
        parameters.put("source", String.valueOf(spec.source()));
        spec.overrides().forEach((key, value) -> parameters.put("override." + key, value));
        spec.environment().system().services().values().forEach(service ->
                parameters.put("instances." + service.name(), Integer.toString(service.instances())));
        parameters.put("profileSource", spec.profile().source());
        parameters.putAll(spec.checks().thresholds().toParameters());
        return parameters;
    }

    /** e.g. {@code 60 s (worker: 120 s)}: the default bound and each service's own. */
    private String readyBounds() {
        EnvironmentSpec environment = spec.environment();
        List<String> own = environment.system().services().values().stream().filter(s -> s.readyTimeout().isPresent())
                .map(s -> s.name() + ": " + environment.readyTimeoutOf(s).toSeconds() + " s").toList();
        return environment.readyTimeout().toSeconds() + " s" + (own.isEmpty() ? "" : " (" + String.join(", ", own) + ")");
    }

    /** e.g. {@code services start once the topics exist (kafka.services-start: after-topics)}. */
    private String servicesStart(Environment environment) {
        SystemSpec.ServicesStart declared = spec.environment().system().servicesStart();
        SystemSpec.ServicesStart applied = environment.servicesStart();
        String when = applied == SystemSpec.ServicesStart.WITH_BROKER ? "with the broker" : "once the topics exist";
        return declared == applied ? "services start " + when + " (kafka.services-start: " + applied.spelling() + ")"
                : "kafka.services-start: " + declared.spelling() + " is not supported by the " + runtime.name()
                        + " runtime: services start " + when;
    }

    /** e.g. {@code api x1, worker x3 (+1 spare)}. */
    private String services() {
        return String.join(", ", spec.environment().system().services().values().stream()
                .map(s -> s.name() + " x" + s.instances() + (s.spares() > 0 ? " (+" + s.spares() + " spare)" : "")
                        + (s.dependsOn().isEmpty() ? "" : " after " + String.join(" and ", s.dependsOn()) + " are ready")).toList());
    }

    private String summary(ExperimentResult result) {
        return result.runVerdict() + " (" + Analysis.counts(result.verdicts()) + ")"
                + (spec.environment().system().groups().isEmpty() ? "" : result.drained() ? "; every group drained"
                : "; a group did NOT drain");
    }

    /** A postgres service's data directory stays or goes by its keep-data and the run's outcome. */
    private void settleKeptData(RunDirectory runDir, boolean passed) {
        DataDirectories.settle(runDir.path(), spec.environment().system(), passed).forEach(line -> phase(runDir, line));
    }

    private void phase(RunDirectory runDir, String message) {
        log.info("[{}] {}", runDir.runId(), message);
    }
}
