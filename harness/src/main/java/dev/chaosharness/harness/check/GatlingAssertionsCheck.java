package dev.chaosharness.harness.check;

import dev.chaosharness.harness.history.HistoryEvent;
import java.util.List;

/** Gatling's own assertions (the experiment's global p99 and failure bounds), as a check. */
public final class GatlingAssertionsCheck implements Check {

    public static final String NAME = "GatlingAssertionsCheck";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CheckResult> evaluate(RunView run) {
        List<HistoryEvent.LoadFinished> finished = run.all(HistoryEvent.LoadFinished.class);
        if (finished.isEmpty()) {
            return List.of(CheckResult.unknown(NAME, "load", "exit code 0", "the load did not finish"));
        }
        int exitCode = finished.get(0).gatlingExitCode();
        if (exitCode == HistoryEvent.LoadFinished.INTERRUPTED) {
            return List.of(CheckResult.unknown(NAME, "load", "exit code 0",
                    "the run was interrupted before the load ended: Gatling's assertions were not evaluated"));
        }
        Verdict verdict = exitCode == 0 ? Verdict.PASS : Verdict.FAIL;
        String summary = switch (exitCode) {
            case 0 -> "Gatling's assertions held";
            case 2 -> "Gatling's assertions failed (see its report)";
            default -> "Gatling crashed";
        };
        return List.of(new CheckResult(NAME, "load", verdict, "exit code " + exitCode, "exit code 0", summary, List.of()));
    }
}
