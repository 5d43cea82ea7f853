package dev.chaosharness.harness.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * One service of a system file.
 *
 * @param name       its name; instances are {@code <name>-1 .. <name>-N}
 * @param line       where it is declared, for messages
 * @param launch     how it runs
 * @param instances  how many run from the start
 * @param spares     instances prepared (ports, links) but not started, for faults that add one
 * @param wiring     how it receives its port, Kafka bootstrap, callees' URLs, ... (with placeholders)
 * @param readiness  all must hold before an instance counts as ready
 * @param readyTimeout how long an instance may take to be ready ({@code ready.timeout-seconds}), at
 *                   the start and after a fault restarted it; empty: the harness's default
 * @param groups     consumer groups it belongs to, probed for rebalances
 * @param jvm        whether it is a JVM (JFR on: GC pauses and threads are judged); a non-JVM service's do not apply
 * @param dependsOn  services every instance of which must be ready before this one starts ({@code depends-on})
 */
public record ServiceSpec(String name, int line, Launch launch, int instances, int spares, Wiring wiring,
                          List<Readiness> readiness, Optional<Duration> readyTimeout, List<String> groups, boolean jvm,
                          List<String> dependsOn) {

    public ServiceSpec {
        readiness = List.copyOf(readiness);
        groups = List.copyOf(groups);
        dependsOn = List.copyOf(dependsOn);
        if (instances < 1) {
            throw new IllegalArgumentException("service '" + name + "': instances must be at least 1, was " + instances);
        }
        if (spares < 0) {
            throw new IllegalArgumentException("service '" + name + "': spares must not be negative, was " + spares);
        }
    }

    public ServiceSpec(String name, int line, Launch launch, int instances, int spares, Wiring wiring,
                       List<Readiness> readiness, Optional<Duration> readyTimeout, List<String> groups, boolean jvm) {
        this(name, line, launch, instances, spares, wiring, readiness, readyTimeout, groups, jvm, List.of());
    }

    public List<String> instanceNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= instances + spares; i++) {
            names.add(name + "-" + i);
        }
        return names;
    }

    public boolean isSpare(String instance) {
        return instanceNames().indexOf(instance) >= instances;
    }

    /** Every placeholder in its wiring and, for a command, in the command line. */
    public List<Placeholder> placeholders() {
        List<Placeholder> found = new ArrayList<>(wiring.placeholders());
        Launch.Command command = launch instanceof Launch.CommandOrImage either ? either.command()
                : launch instanceof Launch.Command given ? given : null;
        if (command != null) {
            command.command().forEach(part -> found.addAll(Placeholder.in(part)));
        }
        return found;
    }

    /** Whether it reaches Kafka (it names {@code ${kafka.bootstrap}}): each instance gets a link to the broker. */
    public boolean isKafkaClient() {
        return placeholders().stream().anyMatch(p -> p.name().equals(Placeholder.KAFKA_BOOTSTRAP));
    }

    /** The services it calls (it names their URLs): one link per callee instance. */
    public List<String> callees() {
        return placeholders().stream().filter(Placeholder::isCallee).map(Placeholder::calleeService).distinct().toList();
    }

    /** The callees it speaks HTTP to ({@code ${url...}}): their links' exchanges are observed; the others' are plain TCP. */
    public List<String> httpCallees() {
        return placeholders().stream().filter(Placeholder::isHttpCallee).map(Placeholder::calleeService).distinct().toList();
    }

    public ServiceSpec withInstances(int count) {
        return new ServiceSpec(name, line, launch, count, spares, wiring, readiness, readyTimeout, groups, jvm, dependsOn);
    }

    public ServiceSpec withSpares(int count) {
        return new ServiceSpec(name, line, launch, instances, count, wiring, readiness, readyTimeout, groups, jvm, dependsOn);
    }

    /** A copy with these properties added to (or replacing) the declared ones. */
    public ServiceSpec withProperties(Map<String, String> added) {
        Map<String, String> properties = new LinkedHashMap<>(wiring.properties());
        properties.putAll(added);
        return new ServiceSpec(name, line, launch, instances, spares,
                new Wiring(wiring.args(), wiring.env(), properties), readiness, readyTimeout, groups, jvm, dependsOn);
    }
}
