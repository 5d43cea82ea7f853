package dev.chaosharness.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.Analyze;
import dev.chaosharness.harness.check.Analysis;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history larger than the heap of the JVM that judges it: 15 minutes at 100 requests/s (two fault
 * windows, two rebalances that repeat 6 effects) analysed and reported by {@code analyze} in a forked
 * JVM with a 64 MB heap. Loading it whole would need several times that.
 */
class StreamingAnalysisTest {

    private static final int HEAP_MB = 64;

    @Test
    void aHistoryLargerThanTheHeapIsJudgedAndReported(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("synthetic-900s");
        long events = new SyntheticHistory(900, 100).write(runDir);
        assertThat(uncompressedBytes(runDir.resolve(RunHistory.COMPRESSED_FILE_NAME)))
                .isGreaterThan(2L * HEAP_MB * 1024 * 1024);

        analyzeInASmallHeapFailing(runDir);
        List<CheckResult> verdicts = Analysis.read(runDir);
        assertThat(verdicts).filteredOn(v -> v.verdict() == Verdict.FAIL).singleElement().satisfies(v -> {
            assertThat(v.check()).isEqualTo("DuplicateDeliveryCheck");
            assertThat(v.measured()).startsWith("6 effect duplicates (0 unexplained), 0 lost");
        });
        assertThat(verdicts).filteredOn(v -> v.check().equals("DeadlinePropagationCheck")).singleElement()
                .satisfies(v -> assertThat(v.measured()).startsWith("0 late of 90000").contains("90000 tied"));
        assertThat(verdicts).filteredOn(v -> v.check().equals("LatencySloCheck")).extracting(CheckResult::subject)
                .containsExactly("before faults", "during window 1 (latency front->back-1)", "between faults",
                        "during window 2 (latency front->back-1)", "after faults");
        assertThat(verdicts).filteredOn(v -> v.check().equals("RecoveryTimeCheck")).hasSize(2)
                .allSatisfy(v -> assertThat(v.verdict()).isEqualTo(Verdict.PASS));
        assertThat(Files.readString(runDir.resolve("index.html"))).contains("<svg id=\"timeline\"");
        assertThat(events).isGreaterThan(500_000);
    }

    /**
     * The same 15 minutes with 12% of the effects made twice (10,800 duplicates: the share a consumer
     * without transactions showed under churn), judged in the same 64 MB: the counts cover every
     * duplicate, the evidence keeps the worst.
     */
    @Test
    void massDuplicationIsCountedInFullAndShownWorstFirstInTheSameHeap(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("synthetic-900s-duplicated");
        new SyntheticHistory(900, 100, 0.12).write(runDir);

        analyzeInASmallHeapFailing(runDir);
        assertThat(Analysis.read(runDir)).filteredOn(v -> v.check().equals("DuplicateDeliveryCheck")).singleElement()
                .satisfies(v -> {
                    assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
                    assertThat(v.measured()).startsWith("10800 effect duplicates");
                    assertThat(v.evidence()).hasSize(50);
                });
    }

    /** {@code analyze} in a JVM of its own with a {@value #HEAP_MB} MB heap: it finishes, and says FAIL (exit 1). */
    private static void analyzeInASmallHeapFailing(Path runDir) throws Exception {
        Process analyze = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"), Analyze.class.getName(),
                runDir.toString()).redirectErrorStream(true).start();
        String output = new String(analyze.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(analyze.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(analyze.exitValue()).as(output).isEqualTo(1);
    }

    private static long uncompressedBytes(Path gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzip))) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
