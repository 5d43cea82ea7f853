package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;

/** Which service instances the JVM checks judge: those of the named services (all when none is named), not the broker. */
final class JudgedJvms {

    private static final String BROKER = "kafka";
    /** The command the attach runtime records for an instance it did not start. */

    private JudgedJvms() {
    }

    /** Instances that ran as recorded JVMs. */
    static List<String> instances(RunView run, List<String> services) {
        return started(run, services).filter(HistoryEvent.ProcessStarted::jvm)
                .map(HistoryEvent.ProcessStarted::name).distinct().sorted().toList();
    }

    /** Instances of the judged services that are not JVMs: the JVM checks do not apply to them. */
    static List<String> notJvms(RunView run, List<String> services) {
        List<String> jvms = instances(run, services);
        return started(run, services).map(HistoryEvent.ProcessStarted::name).filter(name -> !jvms.contains(name))
                .distinct().sorted().toList();
    }

    /** Why an instance {@link #notJvms} names is not judged: not a JVM, or attached (no recording of it). */
    static String whyNotJudged(RunView run, String instance) {
        boolean attached = run.all(HistoryEvent.ProcessStarted.class).stream()
                .anyMatch(p -> p.name().equals(instance) && p.attached()
                        && !p.command().contains(HistoryEvent.ProcessStarted.NOT_A_JVM));
        return attached ? "attached: the harness takes no JFR recording of a process it did not start, so there is no JVM"
                + " evidence to judge (give its JMX address, jmx: host:port, in the attach file to stream it)" : "not a JVM: no JVM evidence to judge";
    }

    private static java.util.stream.Stream<HistoryEvent.ProcessStarted> started(RunView run, List<String> services) {
        return run.all(HistoryEvent.ProcessStarted.class).stream().filter(p -> !p.role().equals(BROKER))
                .filter(p -> services.isEmpty() || services.contains(p.role()));
    }
}
