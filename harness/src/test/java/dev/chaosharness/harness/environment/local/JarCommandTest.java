package dev.chaosharness.harness.environment.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.system.Launch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JarCommandTest {

    private static final Path HARNESS_JAVA = Path.of("/jdk17/bin/java");

    @Test
    void aJarRunsOnTheJavaItsFileNamesWithItsOptionsBeforeTheHarnesses() {
        Launch.Jar jar = new Launch.Jar(Path.of("/svc/app.jar"), Optional.of(Path.of("/opt/jdk21")), List.of("-Xmx128m"));

        List<String> command = LocalProcessEnvironment.jarCommand(jar, Optional.of(Path.of("/run/jfr/app-1-{start}.jfr")),
                List.of("-Dharness=1"), HARNESS_JAVA);

        assertThat(command).containsExactly("/opt/jdk21/bin/java", "-Xmx128m",
                "-XX:StartFlightRecording=filename=/run/jfr/app-1-{start}.jfr,dumponexit=true,settings=default,jdk.OldObjectSample#stackTrace=true",
                "-XX:FlightRecorderOptions=repository=/run/jfr/repository", "-Dharness=1", "-jar", "/svc/app.jar");
    }

    @Test
    void aTeamsOwnFlightRecorderOptionsAreLeftAsTheyAre() {
        Launch.Jar jar = new Launch.Jar(Path.of("/svc/app.jar"), Optional.empty(),
                List.of("-XX:FlightRecorderOptions=stackdepth=128"));

        List<String> command = LocalProcessEnvironment.jarCommand(jar, Optional.of(Path.of("/run/jfr/app-1-{start}.jfr")),
                List.of(), HARNESS_JAVA);

        assertThat(command).filteredOn(option -> option.startsWith("-XX:FlightRecorderOptions"))
                .containsExactly("-XX:FlightRecorderOptions=stackdepth=128");
    }

    @Test
    void withoutAJavaHomeTheHarnesssJavaRunsItAndAServiceThatIsNotRecordedGetsNoJfr() {
        Launch.Jar jar = new Launch.Jar(Path.of("/svc/app.jar"), Optional.empty(), List.of());

        List<String> command = LocalProcessEnvironment.jarCommand(jar, Optional.empty(), List.of(), HARNESS_JAVA);

        assertThat(command).containsExactly("/jdk17/bin/java", "-jar", "/svc/app.jar");
    }
}
