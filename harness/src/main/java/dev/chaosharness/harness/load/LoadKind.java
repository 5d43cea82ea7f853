package dev.chaosharness.harness.load;

import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlNode;
import java.util.Optional;

/**
 * A kind of load an experiment file declares: one key under {@code load:} picks it ({@code simulation},
 * {@code request}), and the rest of {@code load:} (the open model, the deadline, Gatling's bounds)
 * is shared by every kind. An extension is one class implementing this plus one line in
 * {@link LoadKinds}; what it declares runs as a Gatling simulation in-process.
 */
public interface LoadKind {

    /** The key under {@code load:} that declares this kind. */
    String key();

    /** What it is, for the error that asks for exactly one kind. */
    String describe();

    /** The simulation the harness runs for it and the request it declares, if any, from its key's node. */
    Declared parse(YamlChecker check, YamlNode node);

    /** @param request the declared HTTP request; empty when the simulation sends its own */
    record Declared(String simulationClass, Optional<HttpRequestSpec> request) {
    }
}
