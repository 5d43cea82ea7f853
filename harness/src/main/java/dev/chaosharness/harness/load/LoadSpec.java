package dev.chaosharness.harness.load;

import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The load of an experiment: a Gatling simulation ({@code simulationClass}, a team's own or
 * {@link HttpLoadSimulation} for a declared {@code request}) sent to {@code entryService}, an open
 * workload shaped by {@code model}, every request carrying its budget ({@code deadline}), judged by
 * Gatling's own {@code bounds}; a response is a success when its status is one of
 * {@code successStatuses}.
 *
 * @param request    the declared request (the HTTP load); empty when a simulation class is given
 * @param warmup     requests sent before the load, not recorded as the load's
 * @param seed       seeds the declared request's random values
 */
public record LoadSpec(String entryService, String simulationClass, Optional<HttpRequestSpec> request, OpenModel model,
                       Deadline deadline, GatlingBounds bounds, List<Integer> successStatuses, Warmup warmup,
                       long seed) {

    /** Ramp from 1 request/s to {@code ratePerSecond} over {@code rampSeconds}, then hold it for {@code holdSeconds}. */
    public record OpenModel(double ratePerSecond, int rampSeconds, int holdSeconds) {
        public OpenModel {
            if (ratePerSecond <= 0) {
                throw new IllegalArgumentException("rate-per-second must be positive, was " + ratePerSecond);
            }
            if (rampSeconds < 0 || holdSeconds < 1) {
                throw new IllegalArgumentException("ramp-seconds must be >= 0 and hold-seconds >= 1, were "
                        + rampSeconds + " and " + holdSeconds);
            }
        }

        public long durationMs() {
            return (rampSeconds + holdSeconds) * 1000L;
        }
    }

    /**
     * Every request carries {@code budgetMs} in {@code header}, and a fresh id in
     * {@code requestIdHeader} that services forward so their calls can be tied to it on the wire;
     * the client gives up after {@code clientTimeoutMs}.
     */
    public record Deadline(long budgetMs, String header, long clientTimeoutMs, String requestIdHeader) {
        public static final String DEFAULT_HEADER = "X-Request-Timeout-Ms";
        public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-Id";

        public Deadline {
            if (budgetMs < 1 || clientTimeoutMs < 1) {
                throw new IllegalArgumentException("budget-ms and client-timeout-ms must be positive, were "
                        + budgetMs + " and " + clientTimeoutMs);
            }
        }
    }

    /** Gatling fails the load (exit code 2) when its p99 exceeds {@code maxP99Ms} or more than {@code maxErrorPercent} fail. */
    public record GatlingBounds(long maxP99Ms, double maxErrorPercent) {
    }

    /**
     * {@code requests} sent before the load, {@code concurrency} at a time, with {@code request} (the
     * load's own when empty).
     */
    public record Warmup(int requests, int concurrency, Optional<HttpRequestSpec> request) {
        public static final int DEFAULT_CONCURRENCY = 4;
        public static final Warmup NONE = new Warmup(0, DEFAULT_CONCURRENCY, Optional.empty());
    }

    public LoadSpec {
        successStatuses = List.copyOf(successStatuses);
        if (successStatuses.isEmpty()) {
            throw new IllegalArgumentException("success statuses must not be empty");
        }
    }

    public boolean isSuccess(int status) {
        return successStatuses.contains(status);
    }

    /** The request the warm-up sends: its own, else the load's; empty when neither is declared. */
    public Optional<HttpRequestSpec> warmupRequest() {
        return warmup.request().or(() -> request);
    }

    public double ratePerSecond() {
        return model.ratePerSecond();
    }

    public int rampSeconds() {
        return model.rampSeconds();
    }

    public int holdSeconds() {
        return model.holdSeconds();
    }

    public long budgetMs() {
        return deadline.budgetMs();
    }

    public String budgetHeader() {
        return deadline.header();
    }

    public String requestIdHeader() {
        return deadline.requestIdHeader();
    }

    public long clientTimeoutMs() {
        return deadline.clientTimeoutMs();
    }

    public long maxP99Ms() {
        return bounds.maxP99Ms();
    }

    public double maxErrorPercent() {
        return bounds.maxErrorPercent();
    }

    /**
     * The declared open workload for a simulation's {@code injectOpen}: the ramp from 1 to the
     * rate, left out when it is 0 s long (Gatling refuses a ramp of no duration), then the hold.
     */
    public List<OpenInjectionStep> openInjection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (rampSeconds() > 0) {
            steps.add(CoreDsl.rampUsersPerSec(1).to(ratePerSecond()).during(rampSeconds()));
        }
        steps.add(CoreDsl.constantUsersPerSec(ratePerSecond()).during(holdSeconds()));
        return steps;
    }
}
