package dev.chaosharness.harness.bench;

import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunView;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.report.HtmlReport;
import dev.chaosharness.harness.report.ReportIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How the analysis scales with a run's length, measured on a {@link SyntheticHistory}: writes one
 * (default: an hour at 100 requests/s; arguments: seconds, rate, directory, share of effects
 * duplicated), reads it once to count events per second, then analyses
 * and reports it the way {@code analyze} does, printing the wall time of each, the heap (see
 * {@link LiveHeap}), the history's size and the page's. Run it with the heap bound to check, e.g. {@code -Xmx256m}
 * ({@code mvn -pl harness -Pbenchmark verify} does). Not a test: it asserts nothing and runs nowhere
 * but where it is asked to.
 */
public final class HistoryBenchmark {

    private HistoryBenchmark() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3600;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 100;
        Path dir = Path.of(args.length > 2 ? args[2] : "target/benchmark");
        double duplicateShare = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        Path runDir = dir.resolve(String.format(Locale.ROOT, "synthetic-%ds-%.0fps", seconds, rate));
        deleteRecursively(runDir);

        print("history", seconds + " s at " + rate + " requests/s" + (duplicateShare > 0 ? ", " + duplicateShare * 100
                + "% of effects duplicated" : "") + ", max heap " + mb(Runtime.getRuntime().maxMemory()));
        long started = System.nanoTime();
        long events = new SyntheticHistory(seconds, rate, duplicateShare).write(runDir);
        print("written", events + " events in " + secondsSince(started));
        print("history size", mb(size(runDir.resolve(RunHistory.COMPRESSED_FILE_NAME))) + " (gzip JSON lines)");

        long[] read = {0};
        started = System.nanoTime();
        HistoryReader.forEach(runDir, event -> read[0]++);
        double readSeconds = (System.nanoTime() - started) / 1e9;
        print("read", String.format(Locale.ROOT, "%d events in %.1f s: %.0f events/s", read[0], readSeconds, read[0] / readSeconds));

        long heapBefore = LiveHeap.usedAfterFullGc();
        RunView view = RunView.read(runDir, dev.chaosharness.harness.check.Checks.of(SyntheticHistory.checks()).stream()
                .flatMap(c -> c.recordPointers().stream()).distinct().toList());
        long viewBytes = LiveHeap.usedAfterFullGc() - heapBefore;
        print("compact view", mb(viewBytes) + " held for " + view.requests().size() + " requests ("
                + viewBytes / Math.max(1, view.requests().size()) + " bytes a request, every event and id of it included)");
        print("spilled", mb(view.ids().spill().mappedBytes()) + " mapped off the heap (rows, ids and the checks' per-id counters)");
        view = null;

        LiveHeap live = LiveHeap.watch();
        started = System.nanoTime();
        List<CheckResult> results = Analysis.run(runDir, dev.chaosharness.harness.check.Checks.of(SyntheticHistory.checks()));
        String checked = secondsSince(started);
        long reportStarted = System.nanoTime();
        HtmlReport.write(runDir, results, "");
        ReportIndex.write(runDir.toAbsolutePath().getParent());
        print("analysed", results.size() + " verdicts (" + Analysis.counts(results) + ") in " + checked
                + ", the report and the runs index in " + secondsSince(reportStarted) + ": " + secondsSince(started) + " in all");
        print("heap", "limit " + mb(Runtime.getRuntime().maxMemory()) + "; most in use after a collection " + mb(live.maxAfterGc())
                + " (" + live.collections() + " collections); most in use at all " + mb(live.maxUsed()));
        print("process", "resident set at the end " + mb(residentBytes()) + " (heap, JIT, and the spill's pages the OS kept in)");
        print("report size", mb(size(runDir.resolve(HtmlReport.FILE_NAME))) + " (" + runDir.resolve(HtmlReport.FILE_NAME) + ")");
        results.forEach(r -> System.out.println("  " + r));
    }

    /** VmRSS from /proc (Linux); 0 elsewhere. */
    private static long residentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void print(String what, String figure) {
        System.out.printf(Locale.ROOT, "%-14s %s%n", what, figure);
    }

    private static String secondsSince(long startedNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
