package dev.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaosharness.harness.check.CheckResult;
import dev.chaosharness.harness.check.RunVerdict;
import dev.chaosharness.harness.check.Verdict;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.RunHistory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyMojoTest {

    @TempDir
    Path reports;

    private RunRecord run(String name, Verdict... verdicts) throws IOException {
        Path dir = Files.createDirectories(reports.resolve(name));
        List<CheckResult> results = java.util.Arrays.stream(verdicts)
                .map(v -> new CheckResult("Check" + v, "s", v, "m", "t", "why", List.of())).toList();
        new ObjectMapper().writeValue(dir.resolve("verdicts.json").toFile(), results);
        return new RunRecord(Path.of(name + ".yaml"), dir.toString(), RunVerdict.judged(results).exitCode());
    }

    private VerifyMojo mojo(boolean failOnUnknown) throws ReflectiveOperationException {
        VerifyMojo mojo = new VerifyMojo();
        set(mojo, "reportsDirectory", reports.toFile());
        set(mojo, "failOnUnknown", failOnUnknown);
        return mojo;
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = fieldOf(target.getClass(), field);
        f.setAccessible(true);
        f.set(target, value);
    }

    private static Field fieldOf(Class<?> type, String name) throws NoSuchFieldException {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            if (type.getSuperclass() == null) {
                throw e;
            }
            return fieldOf(type.getSuperclass(), name);
        }
    }

    @Test
    void aFailedCheckFailsTheBuildNamingItAndAnUnknownOnlyWhenAsked() throws Exception {
        RunRecord.writeAll(reports, List.of(run("pass", Verdict.PASS), run("unknown", Verdict.PASS, Verdict.UNKNOWN)));
        assertThatCode(() -> mojo(false).execute()).doesNotThrowAnyException();
        assertThatThrownBy(() -> mojo(true).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("unknown.yaml: CheckUNKNOWN[s] UNKNOWN").hasMessageContaining("chaos.failOnUnknown");

        RunRecord.writeAll(reports, List.of(run("pass", Verdict.PASS), run("fail", Verdict.PASS, Verdict.FAIL)));
        assertThatThrownBy(() -> mojo(false).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("fail.yaml: CheckFAIL[s] FAIL").hasMessageNotContaining("pass.yaml");
    }

    @Test
    void anAbortedRunFailsTheBuildNamingWhyNotAnyCheck() throws Exception {
        RunRecord aborted = run("aborted", Verdict.NOT_APPLICABLE, Verdict.NOT_APPLICABLE);
        try (RunHistory history = RunHistory.open(Path.of(aborted.runDirectory()))) {
            history.append(new HistoryEvent.RunFinished(1L, "aborted", "worker-2 (service worker) was not ready within 60 s"));
        }
        RunRecord.writeAll(reports, List.of(run("pass", Verdict.PASS),
                new RunRecord(aborted.experimentFile(), aborted.runDirectory(), RunVerdict.ABORTED.exitCode())));

        assertThatThrownBy(() -> mojo(false).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("aborted.yaml: ABORTED: worker-2 (service worker) was not ready within 60 s")
                .hasMessageNotContaining("Check").hasMessageNotContaining("pass.yaml");
    }

    @Test
    void aFileThatDidNotStartFailsTheBuild() throws Exception {
        RunRecord.writeAll(reports, List.of(new RunRecord(Path.of("broken.yaml"), "", 65)));

        assertThatThrownBy(() -> mojo(false).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("broken.yaml: NOT STARTED (exit code 65");
    }
}
