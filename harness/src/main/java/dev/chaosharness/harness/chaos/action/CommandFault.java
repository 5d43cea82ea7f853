package dev.chaosharness.harness.chaos.action;

import dev.chaosharness.harness.environment.ShellCommand;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A team's own fault, as two shell commands: {@code apply} at the window's start and
 * {@code rollback} at its end, each once per target instance ({@code sh -c} in the harness's
 * working directory, {@code ${instance}} replaced by the instance's name), each bounded by
 * {@code timeout-seconds}. For what no built-in action does: fail over a database, fill a disk,
 * drain a node. A command that exits non-zero or outlives its bound fails the window, named in its
 * {@code fault-failed} event; the rollback still runs for every target an apply was started on, so
 * it must be safe to run after a failed apply.
 */
public final class CommandFault implements FaultAction {

    @Override
    public String name() {
        return "command";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.INSTANCE;
    }

    @Override
    public List<Param> params() {
        return List.of(Param.required("apply", Param.Kind.TEXT), Param.required("rollback", Param.Kind.TEXT),
                Param.optional("timeout-seconds", Param.Kind.NON_NEGATIVE_INTEGER, "60"));
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) throws IOException {
        long timeoutSeconds = Math.max(1, Long.parseLong(params.get("timeout-seconds")));
        List<String> applied = new java.util.ArrayList<>();
        try {
            for (String instance : targets) {
                applied.add(instance); // a failed apply may have done part of its work: it is rolled back too
                run(params.get("apply"), instance, timeoutSeconds);
            }
        } catch (IOException | RuntimeException e) {
            rollBack(params.get("rollback"), applied, timeoutSeconds);
            throw e;
        }
        return () -> rollBack(params.get("rollback"), applied, timeoutSeconds);
    }

    private static void rollBack(String command, List<String> instances, long timeoutSeconds) throws IOException {
        IOException first = null;
        for (String instance : instances) {
            try {
                run(command, instance, timeoutSeconds);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Runs the command for one instance to its end; an IOException naming it and what it printed when it fails. */
    static void run(String command, String instance, long timeoutSeconds) throws IOException {
        String line = command.replace("${instance}", instance);
        ShellCommand.Result result;
        try {
            result = ShellCommand.run(line, null, timeoutSeconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("'" + line + "': interrupted", e);
        }
        if (result.timedOut()) {
            throw new IOException("'" + line + "' did not end within " + timeoutSeconds + " s"
                    + (result.output().isEmpty() ? "" : "; it printed: " + result.output()));
        }
        if (result.exitCode() != 0) {
            throw new IOException("'" + line + "' exited " + result.exitCode() + (result.output().isEmpty() ? "" : ": " + result.output()));
        }
    }
}
