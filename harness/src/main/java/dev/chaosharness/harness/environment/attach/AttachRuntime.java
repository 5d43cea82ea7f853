package dev.chaosharness.harness.environment.attach;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code -Dharness.runtime=attach}: the experiment runs against a system that already runs, as an
 * attach file describes it ({@code -Dharness.attach=<file>}, else {@code attach.yaml} beside the
 * system file); see {@link AttachedEnvironment}. Before anything starts, the attach file must say
 * where every instance of the system (as the experiment declares it) runs, with the literal
 * properties the experiment gives it, and route every link the profile acts on: each mistake is
 * named with its line, all at once.
 */
public final class AttachRuntime implements EnvironmentRuntime {

    private final HarnessSettings settings;

    public AttachRuntime(HarnessSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "attach";
    }

    @Override
    public void requireEnvironment(EnvironmentSpec spec, Set<String> linksActedOn) {
        AttachFile attach = AttachFileParser.read(attachFile(spec.system()));
        List<String> mistakes = mistakes(spec.system(), attach, linksActedOn);
        if (!mistakes.isEmpty()) {
            throw new IllegalArgumentException((mistakes.size() == 1 ? "" : mistakes.size() + " mistakes: ")
                    + String.join("\n", mistakes));
        }
    }

    @Override
    public Environment create(EnvironmentSpec spec, RunDirectory runDir, HistorySink history) {
        AttachFile attach = AttachFileParser.read(attachFile(spec.system()));
        List<String> mistakes = mistakes(spec.system(), attach, Set.of());
        if (!mistakes.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", mistakes));
        }
        return new AttachedEnvironment(spec, attach, new InstanceControls(), runDir, history);
    }

    private Path attachFile(SystemSpec system) {
        return settings.attachFile().isBlank() ? system.source().resolveSibling("attach.yaml")
                : Path.of(settings.attachFile()).toAbsolutePath().normalize();
    }

    /** Where the attach file and the system as the experiment declares it disagree, each with its line. */
    static List<String> mistakes(SystemSpec system, AttachFile attach, Set<String> linksActedOn) {
        String file = attach.source().toString();
        List<String> mistakes = new ArrayList<>();
        for (ServiceSpec service : system.services().values()) {
            AttachFile.AttachedService attached = attach.services().get(service.name());
            if (attached == null) {
                mistakes.add(file + ": services." + service.name() + ": the system (" + system.source()
                        + ") declares it; say where its instances run");
                continue;
            }
            if (service.spares() > 0) {
                mistakes.add(file + ":" + attached.line() + ": services." + service.name() + ": the experiment asks for "
                        + service.spares() + " spare instance(s); an attached system has none the harness could start");
            }
            List<String> expected = service.instanceNames().stream().filter(name -> !service.isSpare(name)).toList();
            if (!List.copyOf(attached.instances().keySet()).equals(expected)) {
                mistakes.add(file + ":" + attached.line() + ": services." + service.name() + ".instances: the experiment runs "
                        + expected + ", the attach file gives " + List.copyOf(attached.instances().keySet()));
            }
            Map<String, String> literal = new TreeMap<>();
            service.wiring().properties().forEach((key, value) -> {
                if (!value.contains("${")) {
                    literal.put(key, value);
                }
            });
            if (!literal.equals(new TreeMap<>(attached.properties()))) {
                mistakes.add(file + ":" + attached.line() + ": services." + service.name() + ".properties: the experiment runs it"
                        + " with " + literal + ", the attached one runs with " + new TreeMap<>(attached.properties())
                        + " (the harness cannot change what runs: start it with them, or attach with another file)");
            }
        }
        attach.services().values().stream().filter(s -> !system.services().containsKey(s.name())).forEach(s -> mistakes.add(
                file + ":" + s.line() + ": services." + s.name() + ": system '" + system.name() + "' has no such service"));
        List<String> systemLinks = Topology.of(system).links();
        attach.links().forEach((link, routed) -> {
            if (!systemLinks.contains(link)) {
                mistakes.add(file + ":" + routed.line() + ": links." + link + ": not a link of system '" + system.name()
                        + "'; known: " + systemLinks);
            }
        });
        linksActedOn.stream().filter(link -> !attach.links().containsKey(link)).sorted().forEach(link -> mistakes.add(
                file + ": links: the profile acts on " + link + ", which the attach file does not route through the fault proxy"));
        return mistakes;
    }
}
