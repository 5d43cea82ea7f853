package dev.chaosharness.scenarios;

import dev.chaosharness.harness.chaos.ChaosProfile;
import dev.chaosharness.harness.chaos.ChaosProfiles;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.experiment.ExperimentSpec;
import dev.chaosharness.harness.load.LoadSpec;
import dev.chaosharness.harness.system.SystemFileParser;
import dev.chaosharness.harness.system.SystemSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * The experiments this project ships, by name: each is a scenario, a chaos profile and their
 * parameters, declared here and nowhere else.
 */
public final class Experiments {

    /**
     * SLO of the checkout baseline: p99 under 1 s and at most 1% failed requests. Generous on
     * purpose: the first seconds of the run hit JVMs that have not warmed up, on 2 shared cores.
     */
    public static final long CHECKOUT_MAX_P99_MS = 1000;
    public static final double CHECKOUT_MAX_ERROR_PERCENT = 1.0;

    /**
     * Sanity bounds for experiments under faults (the checks judge them in detail): no fault
     * window covers more than a third of the load, so more than 50% failed requests, or a p99
     * above the client's own timeout, means the harness or the services broke beyond the fault.
     */
    public static final long FAULT_MAX_P99_MS = 5000;
    public static final double FAULT_MAX_ERROR_PERCENT = 50.0;

    /** The profiles `mvn verify` runs, each at short length. */
    public static final List<String> PROFILES = List.of("payment-latency", "payment-link-down", "consumer-churn",
            "payment-cut-from-broker", "broker-pause");

    /** Where the system and experiment files are: {@code -Dharness.scenarios.dir} (default {@code scenarios}). */
    public static final String SCENARIOS_DIR_PROPERTY = "harness.scenarios.dir";

    /** The entry service of the order/payment system: the load's target. */
    public static final String ENTRY = "order";

    private static final Map<String, Supplier<ExperimentSpec>> CATALOGUE = catalogue();

    private Experiments() {
    }

    /** The order/payment system as its system file declares it. */
    public static SystemSpec orderPaymentSystem() {
        Path dir = Path.of(System.getProperty(SCENARIOS_DIR_PROPERTY, "scenarios")).toAbsolutePath().normalize();
        return new SystemFileParser().parse(dir.resolve("order-payment").resolve("system.yaml"));
    }

    private static EnvironmentSpec orderPayment() {
        return EnvironmentSpec.of(orderPaymentSystem());
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
                load, orderPayment(), ENTRY, ChaosProfile.NONE);
    }

    /** Checkout at 20 orders/s for 30 s (5 s ramp) under the named profile. */
    public static ExperimentSpec underProfile(String profileName) {
        EnvironmentSpec environment = orderPayment();
        ChaosProfile profile = ChaosProfiles.load(profileName, environment);
        LoadSpec load = new LoadSpec(CheckoutSimulation.class.getName(), URI.create("http://127.0.0.1"), 20, 5, 25,
                2000, 5000, FAULT_MAX_P99_MS, FAULT_MAX_ERROR_PERCENT);
        return new ExperimentSpec(profileName, profile.description(), load, environment.withSeed(profile.seed()), ENTRY,
                profile);
    }

    /**
     * Consumer churn against payment instances with the naive-commit defect (auto-commit, no
     * commit on revoke, no transaction): DuplicateDeliveryCheck must fail here and pass on
     * {@code consumer-churn}.
     */
    public static ExperimentSpec consumerChurnNaive() {
        ExperimentSpec churn = underProfile("consumer-churn");
        return new ExperimentSpec("consumer-churn-naive", "consumer-churn with payment.defect.naive-commit",
                churn.load(), churn.environment().withProperties("payment", Map.of("payment.defect.naive-commit", "true")),
                ENTRY, churn.profile());
    }

    /**
     * Two resource defects in one run, in different services: payment retains memory on every
     * authorization (GcPauseCheck must fail for payment, pass on {@code checkout}) and order-service
     * leaks a thread per order (ThreadLeakCheck must fail for order-1, pass on {@code checkout}).
     */
    public static ExperimentSpec resourceDefects() {
        LoadSpec load = new LoadSpec(CheckoutSimulation.class.getName(), URI.create("http://127.0.0.1"), 20, 5, 25,
                2000, 5000, FAULT_MAX_P99_MS, FAULT_MAX_ERROR_PERCENT);
        EnvironmentSpec environment = orderPayment()
                .withProperties("payment", Map.of("payment.defect.gc-hog", "true"))
                .withProperties("order", Map.of("order.defect.thread-leak", "true"));
        return new ExperimentSpec("resource-defects", "payment.defect.gc-hog and order.defect.thread-leak", load,
                environment, ENTRY, ChaosProfile.NONE);
    }

    /**
     * Payment takes 1.4 s +- 0.9 s per authorization while callers give 2 s and give up at 2.3 s.
     * With {@code propagate} false, order-service sends no budget (a fixed 10 s timeout) and
     * payment ignores it: DeadlinePropagationCheck must fail then, and pass otherwise.
     */
    public static ExperimentSpec slowPayment(boolean propagate) {
        LoadSpec load = new LoadSpec(CheckoutSimulation.class.getName(), URI.create("http://127.0.0.1"), 10, 5, 20,
                2000, 2300, 2100, FAULT_MAX_ERROR_PERCENT);
        Map<String, String> payment = new LinkedHashMap<>(Map.of("payment.service-time-ms", "1400",
                "payment.service-jitter-ms", "900"));
        Map<String, String> order = new LinkedHashMap<>();
        if (!propagate) {
            payment.put("payment.defect.ignore-budget", "true");
            order.put("order.defect.no-deadline-propagation", "true");
        }
        // One payment instance: the subject is the call chain, not the consumer group, and on two cores every
        // extra JVM adds scheduling stalls that a 2 s budget with a 100 ms grace cannot tell from the services'.
        EnvironmentSpec environment = orderPayment().withInstances("payment", 1)
                .withProperties("payment", payment).withProperties("order", order);
        return new ExperimentSpec(propagate ? "slow-payment" : "slow-payment-no-propagation",
                "payment takes 0.5-2.3 s; budget 2 s" + (propagate ? "" : "; no deadline propagation (defect)"),
                load, environment, ENTRY, ChaosProfile.NONE);
    }

    private static Map<String, Supplier<ExperimentSpec>> catalogue() {
        Map<String, Supplier<ExperimentSpec>> catalogue = new LinkedHashMap<>();
        catalogue.put("checkout", Experiments::checkout);
        for (String profile : PROFILES) {
            catalogue.put(profile, () -> underProfile(profile));
        }
        catalogue.put("consumer-churn-naive", Experiments::consumerChurnNaive);
        catalogue.put("resource-defects", Experiments::resourceDefects);
        catalogue.put("slow-payment", () -> slowPayment(true));
        catalogue.put("slow-payment-no-propagation", () -> slowPayment(false));
        return catalogue;
    }
}
