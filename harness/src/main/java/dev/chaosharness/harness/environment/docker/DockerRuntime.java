package dev.chaosharness.harness.environment.docker;

import dev.chaosharness.harness.environment.Environment;
import dev.chaosharness.harness.environment.EnvironmentRuntime;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.history.RunDirectory;
import dev.chaosharness.harness.history.HistorySink;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.Launch;
import dev.chaosharness.harness.system.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.chaosharness.faultproxy.toxic.HttpToxic;
import dev.chaosharness.faultproxy.toxic.ToxicTypes;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/** Containers through Testcontainers ({@code -Dharness.runtime=docker}); see {@link DockerEnvironment}. */
public final class DockerRuntime implements EnvironmentRuntime {

    private final HarnessSettings settings;

    public DockerRuntime(HarnessSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public java.util.Optional<Launch.Host> servicesHost() {
        return java.util.Optional.of(Launch.Host.CONTAINERS);
    }

    /** The real Toxiproxy has none of fault-proxy's extension toxics (the HTTP ones). */
    @Override
    public void requireToxics(Map<String, Integer> linesByType, String profileSource) {
        DockerImageName proxy = ContainerImages.of(settings).faultProxy();
        if (!proxy.getUnversionedPart().equals(ContainerImages.REAL_TOXIPROXY)) {
            return;
        }
        List<String> extensions = linesByType.entrySet().stream()
                .filter(e -> ToxicTypes.byName(e.getKey()).filter(HttpToxic.class::isInstance).isPresent())
                .map(e -> profileSource + ":" + e.getValue() + ": " + e.getKey()).toList();
        if (!extensions.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", extensions) + ": an HTTP toxic is fault-proxy's extension,"
                    + " which the real Toxiproxy (" + proxy.asCanonicalNameString() + ") lacks; run fault-proxy in its place"
                    + " (-Dharness.images=offline, or -D" + "harness.image.fault-proxy=<a fault-proxy image>)");
        }
    }

    @Override
    public Environment create(EnvironmentSpec spec, RunDirectory runDir, HistorySink history) {
        requireRunnable(spec.system());
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new EnvironmentStartException("harness.runtime=docker needs a Docker engine and none answers"
                    + " (DOCKER_HOST or /var/run/docker.sock); images/build.sh installs and starts one on Debian");
        }
        ContainerImages images = ContainerImages.of(settings);
        for (ServiceSpec service : spec.system().services().values()) {
            if (service.launch() instanceof Launch.Jar jar && jar.javaHome().isPresent()
                    && !images.hasOwnJre(service.name())) {
                throw new EnvironmentStartException("service " + service.name() + " (" + spec.system().source() + ":"
                        + service.line() + ") runs on the Java in " + jar.javaHome().get() + "; on the docker runtime give it"
                        + " an image with that Java: -Dharness.image.jre." + service.name() + "=<image>");
            }
        }
        List<DockerImageName> ours = new ArrayList<>(List.of(images.kafka(), images.faultProxy(), images.jre()));
        spec.system().services().keySet().forEach(service -> ours.add(images.jreFor(service)));
        requireLocal(ours.stream().filter(i -> i.getRepository().startsWith("chaos-harness/")).distinct().toList());
        return new DockerEnvironment(spec, images, runDir, history);
    }

    /** The offline images are never in a registry: without them, say how to build them rather than try a pull. */
    private static void requireLocal(List<DockerImageName> images) {
        for (DockerImageName image : images) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image.asCanonicalNameString()).exec();
            } catch (RuntimeException e) {
                throw new EnvironmentStartException("image " + image.asCanonicalNameString()
                        + " is not on this Docker engine: build the images with `bash images/build.sh`"
                        + " (after `mvn -B package -DskipTests`)", e);
            }
        }
    }
}
