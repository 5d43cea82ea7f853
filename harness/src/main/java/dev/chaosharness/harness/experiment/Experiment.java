package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.LocalProcessEnvironment;
import dev.chaosharness.harness.environment.RuntimeArtifacts;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.load.GatlingRunner;
import dev.chaosharness.harness.probe.TopicContentsProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one experiment: environment up, load, drain and topic probes, environment down. Every
 * phase is logged and written to the run history; the environment is stopped whatever happens.
 */
public final class Experiment {

    private static final Logger log = LoggerFactory.getLogger(Experiment.class);
    private static final Duration DRAIN_BOUND = Duration.ofSeconds(30);

    private final ExperimentSpec spec;
    private final RuntimeArtifacts artifacts;
    private final ExperimentListener listener;

    public Experiment(ExperimentSpec spec, RuntimeArtifacts artifacts, ExperimentListener listener) {
        this.spec = spec;
        this.artifacts = artifacts;
        this.listener = listener;
    }

    public static ExperimentResult run(ExperimentSpec spec) {
        return new Experiment(spec, RuntimeArtifacts.fromClasspath(), ExperimentListener.NONE).run();
    }

    public ExperimentResult run() {
        RunDirectory runDir = RunDirectory.create(spec.name());
        try (RunHistory history = RunHistory.open(runDir.path())) {
            history.append(new HistoryEvent.RunStarted(System.currentTimeMillis(), runDir.runId(), spec.name(),
                    spec.load().simulationClass(), spec.profile(), spec.seed(), "local", parameters()));
            phase(runDir, "run directory " + runDir.path());
            try {
                listener.runStarted(runDir);
                ExperimentResult result = runIn(runDir, history);
                history.append(new HistoryEvent.RunFinished(System.currentTimeMillis(),
                        result.passed() ? "passed" : "failed", summary(result)));
                phase(runDir, "finished: " + summary(result));
                return result;
            } catch (RuntimeException | Error e) {
                history.append(new HistoryEvent.RunFinished(System.currentTimeMillis(), "aborted", e.toString()));
                phase(runDir, "aborted: " + e);
                throw e;
            }
        }
    }

    private ExperimentResult runIn(RunDirectory runDir, RunHistory history) {
        try (Environment environment = new LocalProcessEnvironment(spec.environment(), artifacts, runDir, history)) {
            phase(runDir, "environment: starting Kafka, order-service and "
                    + spec.environment().paymentInstances() + " payment-service instances");
            environment.start();
            long startupMs = HistoryReader.ofType(HistoryReader.read(runDir.path()), HistoryEvent.EnvironmentUp.class)
                    .get(0).startupMs();
            phase(runDir, "environment: ready in " + startupMs + " ms");
            listener.environmentReady(environment);

            phase(runDir, "load: " + spec.load().simulationClass() + " at up to " + spec.load().ratePerSecond()
                    + " req/s for " + (spec.load().rampSeconds() + spec.load().holdSeconds()) + " s");
            GatlingRunner.Result load = GatlingRunner.run(spec.load().withTarget(environment.orderServiceUri()),
                    runDir.path(), history);
            phase(runDir, "load: done, Gatling exit code " + load.exitCode() + ", report " + load.reportDir().resolve("index.html"));
            listener.loadFinished(environment);

            phase(runDir, "probes: waiting for the capture group to drain, then reading the topics");
            TopicContentsProbe topics = new TopicContentsProbe(environment.kafkaBootstrap(), history);
            boolean drained = topics.awaitDrained(LocalProcessEnvironment.CAPTURE_GROUP,
                    LocalProcessEnvironment.ORDERS_TOPIC, DRAIN_BOUND);
            int records = topics.recordTopics(List.of(LocalProcessEnvironment.ORDERS_TOPIC,
                    LocalProcessEnvironment.PAYMENTS_TOPIC), DRAIN_BOUND);
            phase(runDir, "probes: " + records + " records read from " + LocalProcessEnvironment.ORDERS_TOPIC
                    + " and " + LocalProcessEnvironment.PAYMENTS_TOPIC + (drained ? "" : " (the group had NOT drained)"));
            phase(runDir, "environment: stopping");
            return new ExperimentResult(runDir, load.exitCode(), load.reportDir(), drained, startupMs);
        }
    }

    private Map<String, String> parameters() {
        return Map.of(
                "ratePerSecond", Double.toString(spec.load().ratePerSecond()),
                "rampSeconds", Integer.toString(spec.load().rampSeconds()),
                "holdSeconds", Integer.toString(spec.load().holdSeconds()),
                "budgetMs", Long.toString(spec.load().budgetMs()),
                "paymentInstances", Integer.toString(spec.environment().paymentInstances()),
                "groupProtocol", spec.environment().groupProtocol());
    }

    private static String summary(ExperimentResult result) {
        return "Gatling assertions " + (result.gatlingExitCode() == 0 ? "passed" : "FAILED (exit code "
                + result.gatlingExitCode() + ")") + ", capture group " + (result.drained() ? "drained" : "NOT drained");
    }

    private void phase(RunDirectory runDir, String message) {
        log.info("[{}] {}", runDir.runId(), message);
    }
}
