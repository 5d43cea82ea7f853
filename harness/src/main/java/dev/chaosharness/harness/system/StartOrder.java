package dev.chaosharness.harness.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What {@code depends-on} means for the start: which services wait for which, and whether some wait in a cycle. */
public final class StartOrder {

    private StartOrder() {
    }

    /**
     * A cycle of {@code depends-on}, as the services are passed through ({@code a -> b -> a}), or
     * empty when there is none. Every named dependency must be one of {@code services}.
     */
    public static Optional<List<String>> cycle(Map<String, ServiceSpec> services) {
        Set<String> done = new HashSet<>();
        for (String service : services.keySet()) {
            Optional<List<String>> found = cycleFrom(service, services, new ArrayList<>(), done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> cycleFrom(String service, Map<String, ServiceSpec> services, List<String> path,
                                                    Set<String> done) {
        int seen = path.indexOf(service);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(service);
            return Optional.of(cycle);
        }
        if (done.contains(service)) {
            return Optional.empty();
        }
        path.add(service);
        for (String dependency : services.get(service).dependsOn()) {
            Optional<List<String>> found = cycleFrom(dependency, services, path, done);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(service);
        return Optional.empty();
    }
}
