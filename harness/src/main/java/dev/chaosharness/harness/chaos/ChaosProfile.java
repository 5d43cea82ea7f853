package dev.chaosharness.harness.chaos;

import java.time.Duration;
import java.util.List;

/** A declarative fault schedule, read from {@code chaos-profiles/<name>.yaml}. */
public record ChaosProfile(String name, String description, long seed, List<FaultWindow> timeline, String source) {

    /** No faults: the baseline. */
    public static final ChaosProfile NONE = new ChaosProfile("none", "No faults.", 1, List.of(), "built in");

    public ChaosProfile {
        timeline = List.copyOf(timeline);
    }

    /** When the last window ends, from the first request the load sent. */
    public Duration lastWindowEnd() {
        return timeline.stream().map(FaultWindow::end).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
