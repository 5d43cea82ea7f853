package dev.chaosharness.harness.environment.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every container and network a run creates carries these labels, so that what a run leaves
 * behind (a JVM killed before its shutdown hook ran) can be found and removed without Ryuk: by
 * the run's own shutdown hook, and by the start of the next run, which removes whatever belongs
 * to a harness process that is no longer alive on this host.
 */
public final class ContainerLabels {

    public static final String MANAGED = "dev.chaosharness.managed";
    public static final String RUN = "dev.chaosharness.run";
    public static final String OWNER = "dev.chaosharness.owner";

    private static final Logger log = LoggerFactory.getLogger(ContainerLabels.class);

    private ContainerLabels() {
    }

    public static Map<String, String> forRun(String runId) {
        return forRun(runId, ProcessHandle.current().pid());
    }

    /** Labels for a run owned by another harness process of this host. */
    public static Map<String, String> forRun(String runId, long ownerPid) {
        return Map.of(MANAGED, "true", RUN, runId, OWNER, owner(ownerPid));
    }

    /** Containers (in any state) and networks labelled with this run id. */
    public static List<String> leftBy(DockerClient docker, String runId) {
        List<String> found = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN, runId)).exec()
                .forEach(c -> found.add("container " + String.join(",", c.getNames()) + " (" + c.getState() + ")"));
        docker.listNetworksCmd().withFilter("label", List.of(RUN + "=" + runId)).exec()
                .forEach(n -> found.add("network " + n.getName()));
        return found;
    }

    /** Removes every labelled container and network whose harness process is gone; returns how many. */
    public static int removeOrphans(DockerClient docker) {
        int removed = 0;
        for (Container container : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(MANAGED, "true")).exec()) {
            if (orphaned(container.getLabels().get(OWNER))) {
                log.info("removing container {} left by run {}", String.join(",", container.getNames()),
                        container.getLabels().get(RUN));
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            }
        }
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(MANAGED + "=true")).exec()) {
            if (orphaned(network.getLabels().get(OWNER))) {
                log.info("removing network {} left by run {}", network.getName(), network.getLabels().get(RUN));
                docker.removeNetworkCmd(network.getId()).exec();
                removed++;
            }
        }
        return removed;
    }

    private static String owner(long pid) {
        return hostName() + ":" + pid;
    }

    private static boolean orphaned(String owner) {
        if (owner == null || !owner.startsWith(hostName() + ":")) {
            return owner == null; // another host's run is not ours to judge
        }
        long pid = Long.parseLong(owner.substring(owner.lastIndexOf(':') + 1));
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
