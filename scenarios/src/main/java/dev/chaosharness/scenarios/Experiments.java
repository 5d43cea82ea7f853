package dev.chaosharness.scenarios;

import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.load.LoadSpec;
import java.net.URI;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/** The experiments this project ships, by name. */
public final class Experiments {

    /**
     * SLO of the checkout baseline: p99 under 1 s and at most 1% failed requests. Generous on
     * purpose: the first seconds of the run hit JVMs that have not warmed up, on 2 shared cores.
     */
    public static final long CHECKOUT_MAX_P99_MS = 1000;
    public static final double CHECKOUT_MAX_ERROR_PERCENT = 1.0;

    private static final Map<String, Supplier<ExperimentSpec>> CATALOGUE = Map.of(
            "checkout", Experiments::checkout);

    private Experiments() {
    }

    public static ExperimentSpec byName(String name) {
        Supplier<ExperimentSpec> spec = CATALOGUE.get(name);
        if (spec == null) {
            throw new NoSuchElementException("no experiment named '" + name + "'; known: " + CATALOGUE.keySet());
        }
        return spec.get();
    }

    /**
     * The baseline: customers place orders at up to 30/s for 40 s, no faults. Rate and length
     * can be changed with {@code -Dcheckout.rate=} and {@code -Dcheckout.hold-seconds=}.
     */
    public static ExperimentSpec checkout() {
        double rate = Double.parseDouble(System.getProperty("checkout.rate", "30"));
        int ramp = Integer.getInteger("checkout.ramp-seconds", 10);
        int hold = Integer.getInteger("checkout.hold-seconds", 30);
        LoadSpec load = new LoadSpec(CheckoutSimulation.class.getName(), URI.create("http://127.0.0.1"), rate, ramp, hold,
                2000, 5000, CHECKOUT_MAX_P99_MS, CHECKOUT_MAX_ERROR_PERCENT);
        return new ExperimentSpec("checkout", "Customers place orders; no faults. The baseline every profile is compared to.",
                load, EnvironmentSpec.defaults(), "none", 1L);
    }
}
