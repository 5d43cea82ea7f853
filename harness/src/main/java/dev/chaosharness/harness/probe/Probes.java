package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.history.RunHistory;
import java.util.ArrayList;
import java.util.List;

/** The probes that watch while the load runs, one line each. */
public final class Probes {

    private Probes() {
    }

    /** Every probe, started; close them in reverse with {@link #closeAll}. */
    public static List<Probe> whileLoading(Environment environment, RunHistory history) {
        List<Probe> probes = new ArrayList<>();
        try {
            probes.add(new ConsumerGroupProbe(environment.kafkaBootstrap(),
                    List.copyOf(environment.system().groups().keySet()), history).start());
            probes.add(new LinkTrafficProbe(environment.faultProxy(), history).start());
        } catch (RuntimeException e) {
            closeAll(probes);
            throw e;
        }
        return probes;
    }

    public static void closeAll(List<Probe> probes) {
        for (int i = probes.size() - 1; i >= 0; i--) {
            probes.get(i).close();
        }
    }
}
