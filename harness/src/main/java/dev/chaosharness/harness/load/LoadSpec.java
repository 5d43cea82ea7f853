package dev.chaosharness.harness.load;

import java.net.URI;

/**
 * The load of an experiment: an open workload that ramps from 1 request/s to {@code ratePerSecond}
 * over {@code rampSeconds}, then holds it for {@code holdSeconds}. Every request carries
 * {@code budgetMs} in {@code X-Request-Timeout-Ms}; the client gives up after
 * {@code clientTimeoutMs}. Gatling fails the run (exit code 2) when the 99th percentile exceeds
 * {@code maxP99Ms} or more than {@code maxErrorPercent} of requests fail.
 */
public record LoadSpec(String simulationClass, URI target, double ratePerSecond, int rampSeconds, int holdSeconds,
                       long budgetMs, long clientTimeoutMs, long maxP99Ms, double maxErrorPercent) {

    private static final String PREFIX = "harness.load.";

    public LoadSpec {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("ratePerSecond must be positive, was " + ratePerSecond);
        }
        if (rampSeconds < 0 || holdSeconds < 1) {
            throw new IllegalArgumentException("rampSeconds must be >= 0 and holdSeconds >= 1, were "
                    + rampSeconds + " and " + holdSeconds);
        }
        if (budgetMs < 1) {
            throw new IllegalArgumentException("budgetMs must be positive, was " + budgetMs);
        }
    }

    public LoadSpec withTarget(URI newTarget) {
        return new LoadSpec(simulationClass, newTarget, ratePerSecond, rampSeconds, holdSeconds, budgetMs,
                clientTimeoutMs, maxP99Ms, maxErrorPercent);
    }

    /** Hands the spec to a simulation running in this JVM (Gatling instantiates simulations itself). */
    public void toSystemProperties() {
        System.setProperty(PREFIX + "simulation", simulationClass);
        System.setProperty(PREFIX + "target", target.toString());
        System.setProperty(PREFIX + "rate", Double.toString(ratePerSecond));
        System.setProperty(PREFIX + "ramp", Integer.toString(rampSeconds));
        System.setProperty(PREFIX + "hold", Integer.toString(holdSeconds));
        System.setProperty(PREFIX + "budget", Long.toString(budgetMs));
        System.setProperty(PREFIX + "client-timeout", Long.toString(clientTimeoutMs));
        System.setProperty(PREFIX + "max-p99", Long.toString(maxP99Ms));
        System.setProperty(PREFIX + "max-error-percent", Double.toString(maxErrorPercent));
    }

    /** The spec as set by {@link #toSystemProperties()}; fails naming the missing property. */
    public static LoadSpec fromSystemProperties() {
        return new LoadSpec(
                property("simulation"),
                URI.create(property("target")),
                Double.parseDouble(property("rate")),
                Integer.parseInt(property("ramp")),
                Integer.parseInt(property("hold")),
                Long.parseLong(property("budget")),
                Long.parseLong(property("client-timeout")),
                Long.parseLong(property("max-p99")),
                Double.parseDouble(property("max-error-percent")));
    }

    private static String property(String name) {
        String value = System.getProperty(PREFIX + name);
        if (value == null) {
            throw new IllegalStateException("system property " + PREFIX + name
                    + " is not set: simulations are started by the harness (GatlingRunner), not on their own");
        }
        return value;
    }
}
