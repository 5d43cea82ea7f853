package dev.chaosharness.maven;

import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when an experiment {@code chaos:run} ran has a check that FAILed, did not start
 * (a file error), was aborted or interrupted; with {@code failOnUnknown}, also when a check could
 * not decide (UNKNOWN).
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractChaosMojo {

    /** Also fail when a check says UNKNOWN (it had no data to judge). */
    @Parameter(property = "chaos.failOnUnknown", defaultValue = "false")
    private boolean failOnUnknown;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("chaos:verify skipped (chaos.skip)");
            return;
        }
        Path reports = reportsDirectory.toPath();
        if (!Files.isRegularFile(reports.resolve(RunRecord.FILE_NAME))) {
            getLog().info("chaos:verify: no " + RunRecord.FILE_NAME + " in " + reports + ": chaos:run ran nothing");
            return;
        }
        List<String> problems = new ArrayList<>();
        List<RunJudgement> judgements = RunRecord.readAll(reports).stream().map(RunJudgement::of).toList();
        judgements.forEach(j -> problems.addAll(problems(j)));
        if (!problems.isEmpty()) {
            throw new MojoFailureException("chaos experiments failed:\n  " + String.join("\n  ", problems));
        }
        long passed = judgements.stream().filter(j -> j.overall() == RunVerdict.PASS).count();
        getLog().info("chaos:verify: no check FAILed in " + judgements.size() + " experiment(s): " + passed + " PASS, "
                + (judgements.size() - passed) + " with an UNKNOWN check" + (failOnUnknown ? "" : " (allowed: chaos.failOnUnknown=false)"));
    }

    /** A run that did not start, was aborted or was interrupted is named by its summary line, which says why. */
    private List<String> problems(RunJudgement judgement) {
        List<String> problems = new ArrayList<>();
        if (judgement.verdict().isEmpty() || judgement.overall() == RunVerdict.ABORTED
                || judgement.overall() == RunVerdict.INTERRUPTED) {
            problems.add(judgement.line());
            return problems;
        }
        for (CheckResult failed : judgement.withVerdict(Verdict.FAIL)) {
            problems.add(judgement.record().experimentFile().getFileName() + ": " + failed);
        }
        if (failOnUnknown) {
            for (CheckResult unknown : judgement.withVerdict(Verdict.UNKNOWN)) {
                problems.add(judgement.record().experimentFile().getFileName() + ": " + unknown + " (chaos.failOnUnknown)");
            }
        }
        return problems;
    }
}
