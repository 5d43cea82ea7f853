package dev.chaosharness.harness.load;

import java.util.List;

/** Every kind of load, one line each. */
public final class LoadKinds {

    private LoadKinds() {
    }

    public static List<LoadKind> all() {
        return List.of(
                new SimulationLoad(),
                new DeclaredRequestLoad());
    }
}
