package dev.chaosharness.harness.environment.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' {@link KafkaContainer} with its start-script race closed. Its command runs
 * {@value #STARTER_SCRIPT} as soon as the file exists, but the file is copied in while the
 * container already runs, and on a busy host the exec can come before the copy has closed it:
 * "sh: /tmp/testcontainers_start.sh: Text file busy", and the broker never starts (seen in this
 * project's CI; testcontainers-java issue 11682, still open in 2.0.5). The command here waits for a
 * second, empty file copied only after the script, as the proposed upstream fix (pull request 11769)
 * does. Remove this class once Testcontainers ships that fix.
 */
final class ReadyFlagKafkaContainer extends KafkaContainer {

    static final String STARTER_SCRIPT = "/tmp/testcontainers_start.sh";
    static final String READY_FLAG = "/tmp/testcontainers_start.ready";

    ReadyFlagKafkaContainer(DockerImageName image) {
        super(image);
        withCommand("sh", "-c", "while [ ! -f " + READY_FLAG + " ]; do sleep 0.1; done; exec " + STARTER_SCRIPT);
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo) {
        super.containerIsStarting(containerInfo);
        copyFileToContainer(Transferable.of(""), READY_FLAG);
    }
}
