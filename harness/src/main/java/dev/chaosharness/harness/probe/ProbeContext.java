package dev.chaosharness.harness.probe;

import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.WireHeaders;
import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.history.RunHistory;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a probe is created from: the run's declared {@code checks} (the subjects it reads for), its
 * {@code environment} (up from {@code verify} to {@code readAfterLoad}, down after), the
 * {@code history} it writes to, the run's directory, {@code progress}, which prints a line of the
 * run's progress, and the {@code wireHeaders} the fault proxy reads on HTTP links.
 */
public record ProbeContext(CheckSpec checks, Environment environment, RunHistory history, Path runDir,
                           Consumer<String> progress, WireHeaders wireHeaders) {
}
