package dev.chaosharness.harness.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.chaosharness.harness.history.HistoryReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs checks over a stored run and writes {@code verdicts.json} beside its history. */
public final class Analysis {

    public static final String VERDICTS_FILE = "verdicts.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Analysis() {
    }

    public static List<CheckResult> run(Path runDir, List<Check> checks) {
        RunView view = new RunView(HistoryReader.read(runDir));
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            results.addAll(check.evaluate(view));
        }
        try {
            JSON.writeValue(runDir.resolve(VERDICTS_FILE).toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(VERDICTS_FILE), e);
        }
        return List.copyOf(results);
    }

    /**
     * The overall verdict: FAIL if any result failed; otherwise PASS if at least one passed (the
     * results that could not tell stay listed as UNKNOWN); UNKNOWN if none could tell.
     */
    public static Verdict overall(List<CheckResult> results) {
        if (results.stream().anyMatch(r -> r.verdict() == Verdict.FAIL)) {
            return Verdict.FAIL;
        }
        return results.stream().anyMatch(r -> r.verdict() == Verdict.PASS) ? Verdict.PASS : Verdict.UNKNOWN;
    }

    /** e.g. "12 passed, 0 failed, 2 unknown". */
    public static String counts(List<CheckResult> results) {
        return count(results, Verdict.PASS) + " passed, " + count(results, Verdict.FAIL) + " failed, "
                + count(results, Verdict.UNKNOWN) + " unknown";
    }

    private static long count(List<CheckResult> results, Verdict verdict) {
        return results.stream().filter(r -> r.verdict() == verdict).count();
    }

    public static List<CheckResult> read(Path runDir) {
        try {
            return List.of(JSON.readValue(Files.readAllBytes(runDir.resolve(VERDICTS_FILE)), CheckResult[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runDir.resolve(VERDICTS_FILE), e);
        }
    }
}
