package dev.chaosharness.harness.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs checks over a stored run and writes {@code verdicts.json} beside its history. */
public final class Analysis {

    public static final String VERDICTS_FILE = "verdicts.json";
    static final String NO_LOAD = "no load ran: nothing to judge";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Analysis() {
    }

    public static List<CheckResult> run(Path runDir, List<Check> checks) {
        RunView view = RunView.read(runDir, checks.stream().flatMap(c -> c.recordPointers().stream()).distinct().toList());
        List<CheckResult> results = evaluate(view, checks);
        try {
            JSON.writeValue(runDir.resolve(VERDICTS_FILE).toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + runDir.resolve(VERDICTS_FILE), e);
        }
        return List.copyOf(results);
    }

    /**
     * Every check over the view; when no request of the load was recorded (the environment never
     * came up, or the run broke before the load), every check says NOT_APPLICABLE: nothing is
     * judged from a boot, and a check that needs a load has nothing to judge.
     */
    public static List<CheckResult> evaluate(RunView view, List<Check> checks) {
        List<CheckResult> results = new ArrayList<>();
        if (view.requests().isEmpty()) {
            for (Check check : checks) {
                results.add(CheckResult.notApplicable(check.name(), "run", "a load", NO_LOAD));
            }
            return results;
        }
        for (Check check : checks) {
            results.addAll(check.evaluate(view));
        }
        return results;
    }

    /**
     * The overall verdict, every applicable result combined with {@link Verdict#and}: FAIL if any
     * failed, else UNKNOWN if any could not tell, else PASS. Results that do not apply are left out;
     * a run with no applicable result is UNKNOWN, never PASS.
     */
    public static Verdict overall(List<CheckResult> results) {
        Verdict overall = results.stream().map(CheckResult::verdict).reduce(Verdict.NOT_APPLICABLE, Verdict::and);
        return overall == Verdict.NOT_APPLICABLE ? Verdict.UNKNOWN : overall;
    }

    /** e.g. "12 passed, 0 failed, 2 unknown" (and ", 1 not applicable" when there is one). */
    public static String counts(List<CheckResult> results) {
        long notApplicable = count(results, Verdict.NOT_APPLICABLE);
        return count(results, Verdict.PASS) + " passed, " + count(results, Verdict.FAIL) + " failed, "
                + count(results, Verdict.UNKNOWN) + " unknown" + (notApplicable > 0 ? ", " + notApplicable + " not applicable" : "");
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
