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
    void aCommandThatPrintsAMegabyteEndsAsItShouldInsteadOfFillingThePipeUntilItsBound() throws Exception {
        // 1 MiB, 16 times a pipe's 64 KiB: read only after its end, the command blocked until its bound
        String megabyte = "head -c 1048576 /dev/zero | tr '\\0' x";
        Map<String, String> params = Map.of("apply", megabyte, "rollback", megabyte + "; echo rolled back; exit 4",
                "timeout-seconds", "20");

        FaultAction.ActiveFault active = fault.apply(null, List.of("db-1"), params); // throws 'did not end' when it blocks
        assertThatThrownBy(active::rollback).isInstanceOf(IOException.class)
                .hasMessageContaining("exited 4: (last 16384 of 1048588 bytes) xxx").hasMessageEndingWith("rolled back");
    }

    @Test
    void bothCommandsAreRequiredAndTheActionIsRegistered() {
        assertThat(FaultActions.byName("command")).containsInstanceOf(CommandFault.class);
        assertThat(fault.params()).filteredOn(p -> p.defaultValue().isEmpty()).extracting(Param::name)
                .containsExactly("apply", "rollback");
    }
}
