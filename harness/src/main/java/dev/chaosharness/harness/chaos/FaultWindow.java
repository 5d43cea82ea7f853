package dev.chaosharness.harness.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of a profile's timeline: from {@code at} after the load starts, for {@code duration},
 * do {@code action} to {@code target}. {@code index} is 1-based; {@code line} is where it is written.
 * {@code targets} are the names the target resolved to (a random choice already made with the
 * profile's seed). {@code params} are validated and complete (defaults filled in).
 */
public record FaultWindow(int index, int line, Duration at, Duration duration, String action, String target,
                          List<String> targets, Map<String, String> params) {

    public FaultWindow {
        targets = List.copyOf(targets);
        params = Map.copyOf(params);
    }

    public Duration end() {
        return at.plus(duration);
    }
}
