package dev.chaosharness.harness.chaos.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandFaultTest {

    @TempDir
    Path dir;

    private final CommandFault fault = new CommandFault();

    @Test
    void applyRunsForEachTargetAndTheRollbackUndoesIt() throws Exception {
        Map<String, String> params = Map.of("apply", "touch " + dir + "/${instance}.down",
                "rollback", "rm " + dir + "/${instance}.down", "timeout-seconds", "10");

        FaultAction.ActiveFault active = fault.apply(null, List.of("db-1", "db-2"), params);
        assertThat(dir.resolve("db-1.down")).exists();
        assertThat(dir.resolve("db-2.down")).exists();
        active.rollback();

        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aCommandThatFailsNamesItselfAndWhatItPrintedAndWhatWasAppliedIsRolledBack() throws Exception {
        Map<String, String> params = Map.of("apply", "touch " + dir + "/${instance}.down; test ${instance} != db-2 || "
                + "{ echo no such node >&2; exit 3; }", "rollback", "rm -f " + dir + "/${instance}.down", "timeout-seconds", "10");

        assertThatThrownBy(() -> fault.apply(null, List.of("db-1", "db-2"), params)).isInstanceOf(IOException.class)
                .hasMessageContaining("exited 3: no such node");
        assertThat(dir.resolve("db-1.down")).as("rolled back").doesNotExist();
        assertThat(dir.resolve("db-2.down")).as("the failed apply's part rolled back too").doesNotExist();
    }

    @Test
    void bothCommandsAreRequiredAndTheActionIsRegistered() {
        assertThat(FaultActions.byName("command")).containsInstanceOf(CommandFault.class);
        assertThat(fault.params()).filteredOn(p -> p.defaultValue().isEmpty()).extracting(Param::name)
                .containsExactly("apply", "rollback");
    }
}
