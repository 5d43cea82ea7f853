package dev.chaosharness.harness.load;

import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlNode;
import java.util.Optional;

/** {@code simulation: com.example.MySimulation}: a team's own Gatling simulation class, on the test classpath. */
public final class SimulationLoad implements LoadKind {

    @Override
    public String key() {
        return "simulation";
    }

    @Override
    public String describe() {
        return "a Gatling simulation class";
    }

    @Override
    public Declared parse(YamlChecker check, YamlNode node) {
        String name = check.text(node, "load.simulation");
        try {
            Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
            if (!io.gatling.javaapi.core.Simulation.class.isAssignableFrom(type)) {
                throw check.error(node, "load.simulation", name + " is not a Gatling simulation (io.gatling.javaapi.core.Simulation)");
            }
        } catch (ClassNotFoundException e) {
            throw check.error(node, "load.simulation", "no class " + name + " on the classpath");
        }
        return new Declared(name, Optional.empty());
    }
}
