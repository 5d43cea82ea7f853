package dev.chaosharness.harness.report;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code reports/<run-id>/junit.xml}: one test case per check result (FAIL as a failure, UNKNOWN
 * and NOT_APPLICABLE as skipped), so a CI dashboard that collects JUnit XML shows which check
 * failed in which run. An aborted run adds one test case {@code run} in error, with the reason.
 */
public final class JUnitXmlReport {

    public static final String FILE_NAME = "junit.xml";

    private JUnitXmlReport() {
    }

    public static Path write(Path runDir, String experiment, List<CheckResult> verdicts) {
        return write(runDir, experiment, verdicts, Optional.empty());
    }

    /** {@code abortReason}: present when the run was aborted, saying why. */
    public static Path write(Path runDir, String experiment, List<CheckResult> verdicts, Optional<String> abortReason) {
        long failures = verdicts.stream().filter(v -> v.verdict() == Verdict.FAIL).count();
        long skipped = verdicts.stream().filter(v -> v.verdict() == Verdict.UNKNOWN
                || v.verdict() == Verdict.NOT_APPLICABLE).count();
        int errors = abortReason.isPresent() ? 1 : 0;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"").append(Html.esc("experiment." + experiment)).append("\" tests=\"")
                .append(verdicts.size() + errors).append("\" failures=\"").append(failures).append("\" skipped=\"")
                .append(skipped).append("\" errors=\"").append(errors).append("\">\n");
        abortReason.ifPresent(reason -> xml.append("  <testcase classname=\"").append(Html.esc("experiment." + experiment))
                .append("\" name=\"run\"><error type=\"ABORTED\" message=\"").append(Html.esc(reason))
                .append("\"/></testcase>\n"));
        for (CheckResult v : verdicts) {
            xml.append("  <testcase classname=\"").append(Html.esc("experiment." + experiment + "." + v.check()))
                    .append("\" name=\"").append(Html.esc(v.subject())).append("\">");
            String detail = v.measured() + " (threshold " + v.threshold() + "): " + v.summary();
            if (v.verdict() == Verdict.FAIL) {
                xml.append("<failure message=\"").append(Html.esc(detail)).append("\"/>");
            } else if (v.verdict() == Verdict.UNKNOWN || v.verdict() == Verdict.NOT_APPLICABLE) {
                xml.append("<skipped message=\"").append(Html.esc(detail)).append("\"/>");
            } else {
                xml.append("<system-out>").append(Html.esc(detail)).append("</system-out>");
            }
            xml.append("</testcase>\n");
        }
        xml.append("</testsuite>\n");
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.writeString(file, xml.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
