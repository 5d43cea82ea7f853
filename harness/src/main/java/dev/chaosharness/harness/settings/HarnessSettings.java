package dev.chaosharness.harness.settings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every setting of a run that does not come from its files, read once by an entry point
 * ({@code ExperimentMain}, {@code Analyze}, a test) with {@link #fromSystemProperties()} and passed
 * down: nothing below reads a system property. The chaos-harness Maven plugin passes its
 * parameters to {@code ExperimentMain} as these properties.
 *
 * @param reportsDir        {@code harness.reports.dir}: where run directories go (default {@code reports})
 * @param profilesDir       {@code harness.profiles.dir}: where profiles are found by name (default {@code chaos-profiles})
 * @param scenariosDir      {@code harness.scenarios.dir}: where experiment files are found by name (default {@code scenarios})
 * @param runtime           {@code harness.runtime}: {@code local} (default) or {@code docker}
 * @param baseline          {@code chaos.baseline}: the run a report compares with; empty: the previous run
 * @param readyTimeoutSeconds {@code harness.ready-timeout-seconds}: the readiness bound of every service
 *                          that sets none; empty: the default (checked by {@code ExperimentMain})
 * @param overrides         {@code experiment.overrides}: {@code key=value,...} applied to the experiment file
 * @param stopWithParent    {@code harness.stop-with-parent}: stop when the process that started the harness ends
 * @param mavenRepository   {@code harness.maven.localRepository}: the local Maven repository (default {@code ~/.m2/repository})
 * @param images            every {@code harness.images} and {@code harness.image.*} property, as given
 * @param kafkaLib          {@code harness.kafka.lib}: the broker's jars; empty: the build's ({@code harness-runtime.properties})
 * @param javaHome          the Java the harness runs on ({@code java.home}), which runs the jars that name no other
 * @param attachFile        {@code harness.attach}: the attach file of {@code harness.runtime=attach}; empty: the
 *                          system file's sibling {@code attach.yaml}
 */
public record HarnessSettings(Path reportsDir, Path profilesDir, Path scenariosDir, String runtime, String baseline,
                              java.util.Optional<java.time.Duration> readyTimeout, String overrides, boolean stopWithParent,
                              Path mavenRepository, Map<String, String> images, String kafkaLib, Path javaHome,
                              String attachFile) {

    public static final String REPORTS_DIR = "harness.reports.dir";
    public static final String PROFILES_DIR = "harness.profiles.dir";
    public static final String SCENARIOS_DIR = "harness.scenarios.dir";
    public static final String RUNTIME = "harness.runtime";
    public static final String BASELINE = "chaos.baseline";
    public static final String READY_TIMEOUT_SECONDS = "harness.ready-timeout-seconds";
    public static final String OVERRIDES = "experiment.overrides";
    public static final String STOP_WITH_PARENT = "harness.stop-with-parent";
    public static final String MAVEN_REPOSITORY = "harness.maven.localRepository";
    public static final String IMAGES = "harness.images";
    public static final String IMAGE_PREFIX = "harness.image.";
    public static final String KAFKA_LIB = "harness.kafka.lib";
    public static final String ATTACH = "harness.attach";
    /** What Gatling needs of the JVM it runs in (the pom's gatling.jvm.opens says the same for Maven's own forks). */
    public static final java.util.List<String> GATLING_JVM_OPTIONS = java.util.List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");

    public HarnessSettings {
        images = Map.copyOf(images);
    }

    /** The settings of this JVM's system properties: the one place they are read. */
    public static HarnessSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    public static HarnessSettings from(Properties properties) {
        Map<String, String> images = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.equals(IMAGES) || name.startsWith(IMAGE_PREFIX)) {
                images.put(name, properties.getProperty(name));
            }
        }
        return new HarnessSettings(
                directory(properties, REPORTS_DIR, "reports"),
                directory(properties, PROFILES_DIR, "chaos-profiles"),
                directory(properties, SCENARIOS_DIR, "scenarios"),
                properties.getProperty(RUNTIME, "local"),
                properties.getProperty(BASELINE, "").strip(),
                readyTimeout(properties.getProperty(READY_TIMEOUT_SECONDS, "").strip()),
                properties.getProperty(OVERRIDES, ""),
                Boolean.parseBoolean(properties.getProperty(STOP_WITH_PARENT, "false")),
                properties.getProperty(MAVEN_REPOSITORY, "").isBlank()
                        ? Path.of(properties.getProperty("user.home"), ".m2", "repository")
                        : Path.of(properties.getProperty(MAVEN_REPOSITORY).strip()).toAbsolutePath().normalize(),
                images,
                properties.getProperty(KAFKA_LIB, "").strip(),
                Path.of(properties.getProperty("java.home")),
                properties.getProperty(ATTACH, "").strip());
    }

    public HarnessSettings withProfilesDir(Path dir) {
        return new HarnessSettings(reportsDir, dir, scenariosDir, runtime, baseline, readyTimeout, overrides,
                stopWithParent, mavenRepository, images, kafkaLib, javaHome, attachFile);
    }

    public HarnessSettings withImages(Map<String, String> given) {
        return new HarnessSettings(reportsDir, profilesDir, scenariosDir, runtime, baseline, readyTimeout, overrides,
                stopWithParent, mavenRepository, given, kafkaLib, javaHome, attachFile);
    }

    /**
     * {@value #READY_TIMEOUT_SECONDS}: the readiness bound of every service whose system file sets
     * none; a whole number of seconds from 1 to 3600, refused otherwise before anything starts.
     */
    private static java.util.Optional<java.time.Duration> readyTimeout(String value) {
        if (value.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= 3600) {
                return java.util.Optional.of(java.time.Duration.ofSeconds(seconds));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("-D" + READY_TIMEOUT_SECONDS
                + " must be a whole number of seconds from 1 to 3600, was '" + value + "'");
    }

    /** {@code -Dname=value}: how the plugin and the experiment profile pass a setting to the harness's JVM. */
    public static String define(String name, Object value) {
        return "-D" + name + "=" + value;
    }

    private static Path directory(Properties properties, String name, String otherwise) {
        return Path.of(properties.getProperty(name, otherwise)).toAbsolutePath().normalize();
    }
}
