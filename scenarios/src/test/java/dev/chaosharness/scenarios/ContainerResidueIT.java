package dev.chaosharness.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.chaosharness.harness.environment.docker.ContainerImages;
import dev.chaosharness.harness.environment.docker.ContainerLabels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Without Ryuk, what a harness JVM killed mid-run leaves on the engine is removed by the next
 * run's start: every labelled container and network whose owner process is gone. Only with -Pdocker.
 */
class ContainerResidueIT {

    @Test
    void whatADeadHarnessLeftIsRemovedAndALiveOnesRunIsKept() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Map<String, String> orphanLabels = ContainerLabels.forRun("residue-it-orphan", gone.pid());
        Map<String, String> liveLabels = ContainerLabels.forRun("residue-it-live");
        String image = ContainerImages.of(Settings.SETTINGS).jre().asCanonicalNameString();
        Network orphanNetwork = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(orphanLabels)).build();
        try (GenericContainer<?> orphan = new GenericContainer<>(image).withCommand("sleep", "600")
                     .withLabels(orphanLabels).withNetwork(orphanNetwork);
             GenericContainer<?> live = new GenericContainer<>(image).withCommand("sleep", "600").withLabels(liveLabels)) {
            orphan.start();
            live.start();
            assertThat(ContainerLabels.leftBy(docker, "residue-it-orphan")).hasSize(2); // container and network

            int removed = ContainerLabels.removeOrphans(docker);

            assertThat(removed).isGreaterThanOrEqualTo(2);
            assertThat(ContainerLabels.leftBy(docker, "residue-it-orphan")).isEmpty();
            assertThat(ContainerLabels.leftBy(docker, "residue-it-live")).hasSize(1);
        }
        assertThat(ContainerLabels.leftBy(docker, "residue-it-live")).isEmpty();
    }
}
