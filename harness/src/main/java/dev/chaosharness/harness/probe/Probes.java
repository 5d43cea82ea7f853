package dev.chaosharness.harness.probe;

import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every probe, one line each, in the order each phase runs them; and the phases, run over all of them. */
public final class Probes {

    private static final Logger log = LoggerFactory.getLogger(Probes.class);

    /** The final reads run in this order: database rows, then services' final states, then topics. */
    public static final List<Function<ProbeContext, Probe>> REGISTERED = List.of(
            LiveSetProbe::new,
            ConsumerGroupProbe::new,
            LinkTrafficProbe::new,
            DatabaseSessionsProbe::new,
            WireProbe::new,
            DatabaseRowsProbe::new,
            FinalStatesProbe::new,
            TopicRecordsProbe::new,
            JfrProbe::new,
            RemoteJfrProbe::new,
            DeadlineLogProbe::new);

    private final List<Probe> probes;

    Probes(List<Probe> probes) {
        this.probes = List.copyOf(probes);
    }

    /** Every registered probe, created for this run. */
    public static Probes forRun(ProbeContext context) {
        return new Probes(REGISTERED.stream().map(probe -> probe.apply(context)).toList());
    }

    public void verify() {
        probes.forEach(Probe::verify);
    }

    /** Starts every watching probe; if one cannot start, those started are stopped again. */
    public void startWatching() {
        for (int i = 0; i < probes.size(); i++) {
            try {
                probes.get(i).startWatching();
            } catch (RuntimeException e) {
                for (int started = i - 1; started >= 0; started--) {
                    probes.get(started).stopWatching();
                }
                throw e;
            }
        }
    }

    /** Stops every watching probe, in reverse; one that fails is logged and the others still stop. */
    public void stopWatching() {
        for (int i = probes.size() - 1; i >= 0; i--) {
            try {
                probes.get(i).stopWatching();
            } catch (RuntimeException e) {
                log.warn("probe {} did not stop cleanly: {}", probes.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }

    public void readAfterLoad() {
        probes.forEach(Probe::readAfterLoad);
    }

    public void readAfterEnvironment() {
        probes.forEach(Probe::readAfterEnvironment);
    }
}
