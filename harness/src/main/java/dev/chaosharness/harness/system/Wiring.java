package dev.chaosharness.harness.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a service receives what the harness decides per instance, each value with placeholders:
 * program arguments, environment variables, and Spring-style properties (passed as
 * {@code --key=value} arguments after the others).
 */
public record Wiring(List<String> args, Map<String, String> env, Map<String, String> properties) {

    public Wiring {
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Every placeholder used anywhere in it. */
    public List<Placeholder> placeholders() {
        List<Placeholder> found = new ArrayList<>();
        args.forEach(a -> found.addAll(Placeholder.in(a)));
        env.values().forEach(v -> found.addAll(Placeholder.in(v)));
        properties.values().forEach(v -> found.addAll(Placeholder.in(v)));
        return found;
    }

    /** Arguments then properties as {@code --key=value}, each expanded. */
    public List<String> expandedArguments(Placeholder.Values values) {
        List<String> expanded = new ArrayList<>();
        args.forEach(a -> expanded.add(Placeholder.expand(a, values)));
        properties.forEach((key, value) -> expanded.add("--" + key + "=" + Placeholder.expand(value, values)));
        return expanded;
    }

    public Map<String, String> expandedEnv(Placeholder.Values values) {
        Map<String, String> expanded = new LinkedHashMap<>();
        env.forEach((key, value) -> expanded.put(key, Placeholder.expand(value, values)));
        return expanded;
    }
}
