package dev.chaosharness.harness.suite;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How long a run took beyond its declared load (ramp + hold), from its history: the harness's own
 * time (environment, warm-up, drain, reads, checks, report), and whether its environment was
 * started for it or shared (restored).
 *
 * @param totalMs      from run-started to run-finished
 * @param loadMs       the declared load (ramp + hold)
 * @param environmentMs the environment's start, or its restore when shared
 * @param shared       whether it used an environment an earlier run of its suite had started
 * @param runtime      where it ran
 * @param phasesMs     the run from start to end, phase by phase (see {@link #PHASES}); they add up to {@code totalMs}
 */
public record SuiteTimes(long totalMs, long loadMs, long environmentMs, boolean shared, String runtime,
                         java.util.Map<String, Long> phasesMs) {

    /**
     * The phases, each ending at an event of the history: the environment (started or restored);
     * the probes' checks and the warm-up; Gatling's start until its first request; the load until
     * Gatling returns; the drain of the declared groups; the final reads and the environment's stop
     * (the services' JVMs dump their recordings as they stop); reading the recordings and the checks,
     * until {@code run-finished} (the page is written after it, so its time is not in the history).
     */
    public static final List<String> PHASES = List.of("environment", "warm-up", "load tool start", "load", "drain",
            "final reads and stop", "recordings and checks");

    /** The harness's time beyond the declared load. */
    public long beyondLoadMs() {
        return totalMs - loadMs;
    }

    /** {@link #beyondLoadMs} as a multiple of the load time. */
    public double beyondLoadRatio() {
        return loadMs == 0 ? Double.NaN : beyondLoadMs() / (double) loadMs;
    }

    /** Of a run's directory; empty when its history has no end, or it was aborted or interrupted. */
    public static Optional<SuiteTimes> of(Path runDir) {
        if (!RunHistory.exists(runDir)) {
            return Optional.empty();
        }
        List<HistoryEvent> events = HistoryReader.readContext(runDir);
        Optional<HistoryEvent.RunStarted> started = HistoryReader.ofType(events, HistoryEvent.RunStarted.class).stream().findFirst();
        Optional<HistoryEvent.RunFinished> finished = HistoryReader.ofType(events, HistoryEvent.RunFinished.class).stream().findFirst();
        if (started.isEmpty() || finished.isEmpty() || finished.get().outcome().equals("aborted")
                || finished.get().outcome().equals("interrupted")) {
            return Optional.empty(); // the load did not run its course
        }
        long loadMs = 1000L * (Integer.parseInt(started.get().parameters().getOrDefault("rampSeconds", "0"))
                + Integer.parseInt(started.get().parameters().getOrDefault("holdSeconds", "0")));
        Optional<HistoryEvent.EnvironmentShared> shared = HistoryReader.ofType(events, HistoryEvent.EnvironmentShared.class)
                .stream().findFirst().filter(s -> !s.fresh());
        long environmentMs = shared.map(HistoryEvent.EnvironmentShared::restoreMs).orElseGet(() -> HistoryReader
                .ofType(events, HistoryEvent.EnvironmentUp.class).stream().mapToLong(HistoryEvent.EnvironmentUp::startupMs)
                .findFirst().orElse(0));
        return Optional.of(new SuiteTimes(finished.get().atMs() - started.get().atMs(), loadMs, environmentMs, shared.isPresent(),
                started.get().runtime(), phases(events, started.get().atMs(), finished.get().atMs())));
    }

    /** Each phase's length; a phase whose end event is missing (a run without groups: no drain) takes 0. */
    private static java.util.Map<String, Long> phases(List<HistoryEvent> events, long startMs, long endMs) {
        long[] ends = {
                first(events, e -> e instanceof HistoryEvent.EnvironmentUp || e instanceof HistoryEvent.EnvironmentShared),
                first(events, e -> e instanceof HistoryEvent.LoadStarted),
                first(events, e -> e instanceof HistoryEvent.FirstRequestSent),
                first(events, e -> e instanceof HistoryEvent.LoadFinished),
                events.stream().filter(e -> e instanceof HistoryEvent.GroupDrained).mapToLong(HistoryEvent::atMs).max().orElse(-1),
                first(events, e -> e instanceof HistoryEvent.EnvironmentDown),
                endMs};
        java.util.Map<String, Long> phases = new java.util.LinkedHashMap<>();
        long previous = startMs;
        for (int i = 0; i < ends.length; i++) {
            long end = ends[i] < 0 ? previous : Math.max(previous, ends[i]);
            phases.put(PHASES.get(i), end - previous);
            previous = end;
        }
        return phases;
    }

    private static long first(List<HistoryEvent> events, java.util.function.Predicate<HistoryEvent> which) {
        return events.stream().filter(which).mapToLong(HistoryEvent::atMs).findFirst().orElse(-1);
    }

    /**
     * {@code SuiteTimes <reports-dir>}: each finished run's times, a line each, then the ratios of
     * the fresh and the shared runs apart (the suite figures in docs/suites.md come from it).
     */
    public static void main(String[] args) throws java.io.IOException {
        Path reports = Path.of(args.length == 1 ? args[0] : "reports");
        java.util.Map<String, java.util.List<Double>> ratios = new java.util.TreeMap<>();
        java.util.Map<String, java.util.List<SuiteTimes>> runs = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(reports)) {
            for (Path dir : dirs.filter(RunHistory::exists).sorted().toList()) {
                Optional<SuiteTimes> times = of(dir);
                if (times.isPresent()) {
                    System.out.println(dir.getFileName() + ": " + times.get());
                    String kind = times.get().runtime() + (times.get().shared() ? ", shared" : ", fresh");
                    ratios.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(times.get().beyondLoadRatio());
                    runs.computeIfAbsent(kind, k -> new java.util.ArrayList<>()).add(times.get());
                }
            }
        }
        ratios.forEach((kind, values) -> System.out.printf("%s: %d runs, beyond the load %s%n", kind, values.size(), range(values)));
        runs.forEach((kind, times) -> System.out.printf("%s, median of each phase: %s%n", kind, String.join(", ", PHASES.stream()
                .map(phase -> phase + " " + median(times.stream().map(t -> t.phasesMs().getOrDefault(phase, 0L)).toList()) + " ms")
                .toList())));
    }

    private static long median(List<Long> values) {
        return values.isEmpty() ? 0 : values.stream().sorted().toList().get(values.size() / 2);
    }

    private static String range(java.util.List<Double> ratios) {
        return ratios.isEmpty() ? "-" : String.format("%.2f-%.2fx (median %.2fx)", ratios.stream().mapToDouble(d -> d).min().orElse(0),
                ratios.stream().mapToDouble(d -> d).max().orElse(0), ratios.stream().sorted().toList().get(ratios.size() / 2));
    }

    @Override
    public String toString() {
        return String.format("%s, %s environment %.1f s; %.1f s beyond the %d s load (%.2fx)", runtime,
                shared ? "shared (restored)" : "fresh",
                environmentMs / 1000.0, beyondLoadMs() / 1000.0, loadMs / 1000, beyondLoadRatio());
    }
}
