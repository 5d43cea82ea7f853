package dev.chaosharness.harness.system;

import java.util.Map;

/** A topic the harness creates before the services start, with its partitions and topic config (e.g. {@code cleanup.policy}). */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

    public TopicSpec {
        config = Map.copyOf(config);
    }
}
