package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.EnvironmentRuntimes;
import dev.chaosharness.harness.history.HistoryEvent;
import dev.chaosharness.harness.history.HistoryReader;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.RunHistory;
import dev.chaosharness.harness.system.SystemFileParser;
import dev.chaosharness.harness.system.SystemSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that exits while the environment starts, declared after one that is slow to be ready:
 * the start fails as soon as the broker is up, naming the service that exited and what it printed,
 * not after the other's ready timeout under the other's name; and nothing is left running. Local
 * runtime: the services are commands.
 */
class EnvironmentStartFailureIT {

    private static final String SYSTEM = """
            name: crash-at-start
            kafka:
              services-start: with-broker
              topics:
                - name: events
                  partitions: 1
            services:
              waiter:
                command: [sleep, "300"]
                ready:
                  http: /health
              crasher:
                command: [sh, -c, "echo crasher cannot open its store; exit 3"]
                ready:
                  tcp: true
            """;

    @TempDir
    Path dir;

    @Test
    void aServiceThatExitsWhileStartingFailsTheStartAtOnceUnderItsNameAndLeavesNothingRunning() throws Exception {
        Assumptions.assumeTrue(Settings.onProcesses(), "the services are commands");
        Path file = dir.resolve("system.yaml");
        Files.writeString(file, SYSTEM);
        SystemSpec system = new SystemFileParser(name -> null, Settings.SETTINGS.mavenRepository()).parse(file);
        RunDirectory runDir = RunDirectory.create(Settings.SETTINGS.reportsDir(), "crash-at-start");

        try (RunHistory history = RunHistory.open(runDir.path())) {
            Environment environment = EnvironmentRuntimes.selected(Settings.SETTINGS).create(EnvironmentSpec.of(system), runDir, history);
            long startNanos = System.nanoTime();
            try {
                assertThatThrownBy(environment::start).isInstanceOf(EnvironmentStartException.class)
                        .hasMessageContaining("crasher-1 exited with code 3 before it was ready")
                        .hasMessageContaining("crasher cannot open its store");
                long failedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                // The waiter's ready timeout is 60 s; the broker's start is the only wait before the failure.
                assertThat(failedAfterMs).as("failed without waiting out the waiter's 60 s ready timeout")
                        .isLessThan(45_000);
            } finally {
                environment.close();
            }
        }
        List<HistoryEvent.ProcessStarted> started = HistoryReader.ofType(HistoryReader.read(runDir.path()),
                HistoryEvent.ProcessStarted.class);
        assertThat(started).extracting(HistoryEvent.ProcessStarted::name).contains("kafka", "waiter-1", "crasher-1");
        for (HistoryEvent.ProcessStarted process : started) {
            assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false))
                    .as("%s (pid %d) is still alive after the failed start", process.name(), process.pid()).isFalse();
        }
    }
}
