package dev.chaosharness.harness.report;

import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each service of the run ran on, for the page's header: a JVM's Java version and vendor from
 * its recording ({@code jvm-runtime}), else what the history knows of it (its command), and the
 * harness's own Java apart, as {@code run-started} recorded it (not the Java that renders the page).
 */
final class ServiceRuntimes {

    private static final int MAX_COMMAND_CHARS = 100;

    private ServiceRuntimes() {
    }

    /** One line per service: "api: Java 25+36-LTS (Eclipse Adoptium)", its instances' runtimes where they differ. */
    static List<String> lines(List<HistoryEvent> events) {
        Map<Long, HistoryEvent.JvmRuntime> byPid = HistoryReader.ofType(events, HistoryEvent.JvmRuntime.class).stream()
                .collect(Collectors.toMap(HistoryEvent.JvmRuntime::pid, r -> r, (a, b) -> a));
        Map<String, Map<String, String>> byService = new LinkedHashMap<>(); // service -> instance -> runtime
        for (HistoryEvent.ProcessStarted started : HistoryReader.ofType(events, HistoryEvent.ProcessStarted.class)) {
            String runtime = runtimeOf(started, byPid.get(started.pid()));
            byService.computeIfAbsent(started.role(), s -> new LinkedHashMap<>()).merge(started.name(), runtime,
                    (first, later) -> first.equals(later) ? first : first + ", restarted on " + later);
        }
        List<String> lines = new ArrayList<>();
        byService.forEach((service, instances) -> {
            List<String> runtimes = instances.values().stream().distinct().toList();
            lines.add(runtimes.size() == 1 ? service + ": " + runtimes.get(0)
                    : service + ": " + instances.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining("; ")));
        });
        return lines;
    }

    static String runtimeOf(HistoryEvent.ProcessStarted started, HistoryEvent.JvmRuntime runtime) {
        if (runtime != null) {
            return "Java " + runtime.javaVersion() + (runtime.vendor().isEmpty() ? "" : " (" + runtime.vendor() + ")");
        }
        if (started.attached()) {
            return started.command().contains(HistoryEvent.ProcessStarted.NOT_A_JVM) ? "attached, not a JVM"
                    : started.attachedJmx().map(url -> "attached JVM (" + url + "), its Java not recorded").orElse("attached");
        }
        if (started.jvm()) {
            return "a JVM whose Java was not recorded" + (started.command().isEmpty() ? "" : " (" + started.command().get(0) + ")");
        }
        return "not a JVM: " + abbreviated(String.join(" ", started.command()));
    }

    /** The harness's own Java as the run recorded it. */
    static String harnessJava(HistoryEvent.RunStarted run) {
        String java = run.parameters().get(HistoryEvent.RunStarted.HARNESS_JAVA);
        return java == null ? "not recorded (a run from before the history kept it)" : "Java " + java;
    }

    private static String abbreviated(String command) {
        return command.length() <= MAX_COMMAND_CHARS ? command : command.substring(0, MAX_COMMAND_CHARS) + "...";
    }
}
