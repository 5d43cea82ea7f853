package dev.chaosharness.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.system.MavenJar;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.graph.DependencyFilter;

/**
 * Runs experiment files in forked JVMs with the project's test classpath (so a team's own Gatling
 * simulations load) and the harness: the files that name the same system file in one JVM, as a
 * suite, whose experiments of equal effective declarations share one environment (the harness
 * decides; one that changes the system gets its own). Always tears everything down (the harness
 * does, and a fork that outlives {@code timeoutMinutes} per experiment is sent SIGTERM, then
 * killed), and never fails the build: {@code chaos:verify} judges what it leaves in the reports
 * directory.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST,
        threadSafe = true)
public class RunMojo extends AbstractChaosMojo {

    private static final String MAIN = "dev.chaosharness.harness.ExperimentMain";
    /** How long an interrupted harness is given to restore the environment and write its report. */
    private static final long HARNESS_STOP_SECONDS = 60;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession repositorySession;

    @Component
    private RepositorySystem repositorySystem;

    /** The directory of experiment files (YAML); their system files and profiles are found relative to each. */
    @Parameter(property = "chaos.experimentsDirectory", defaultValue = "${project.basedir}/src/test/chaos")
    private File experimentsDirectory;

    /** Globs of the experiment files to run, relative to the experiments directory. */
    @Parameter(property = "chaos.includes", defaultValue = "*.yaml")
    private List<String> includes;

    /** Globs of files in the experiments directory not to run (e.g. system files kept beside the experiments). */
    @Parameter(property = "chaos.excludes")
    private List<String> excludes;

    /** Run this one experiment only: a path, or a file of the experiments directory with or without {@code .yaml}. */
    @Parameter(property = "chaos.experiment")
    private String experiment;

    /**
     * Where the services run: {@code local} (forked processes), {@code docker} (Testcontainers) or
     * {@code attach} (a system that already runs, as {@link #attach} says).
     */
    @Parameter(property = "chaos.runtime", defaultValue = "local")
    private String runtime;

    /**
     * For the attach runtime: the attach file (where each instance, Kafka and the fault proxy run);
     * default: {@code attach.yaml} beside each experiment's system file. Kubernetes attach files need
     * {@code dev.chaosharness:harness-kubernetes} as a dependency of this plugin.
     */
    @Parameter(property = "chaos.attach")
    private File attach;

    /** For the docker runtime: {@code registry} (the real images) or {@code offline} (images built locally). */
    @Parameter(property = "chaos.images", defaultValue = "registry")
    private String images;

    /** Where a chaos profile named in an experiment (not a path) is looked up. */
    @Parameter(property = "chaos.profilesDirectory", defaultValue = "${project.basedir}/src/test/chaos/profiles")
    private File profilesDirectory;

    /** Where each run's JUnit XML (one test case per check result) is copied, as TEST-chaos-NAME.xml (NAME: the experiment file's). */
    @Parameter(property = "chaos.junitDirectory", defaultValue = "${project.build.directory}/failsafe-reports")
    private File junitDirectory;

    /** Overrides applied to every experiment file, e.g. {@code load.rate-per-second=100,load.hold-seconds=300}. */
    @Parameter(property = "chaos.overrides")
    private String overrides;

    /** The run each report is compared with (a run directory or run id); default: the previous run of the experiment. */
    @Parameter(property = "chaos.baseline")
    private String baseline;

    /** The longest one experiment may take before it is interrupted (SIGTERM; it still writes its report). */
    @Parameter(property = "chaos.timeoutMinutes", defaultValue = "30")
    private int timeoutMinutes;

    /**
     * How long, in seconds, each service instance may take to become ready (at the start and after a
     * fault restarted it), for services whose system file sets no {@code ready.timeout-seconds};
     * default 60.
     */
    @Parameter(property = "chaos.readyTimeoutSeconds")
    private Integer readyTimeoutSeconds;

    /** JVM options of the forked harness. */
    @Parameter(property = "chaos.jvmArgs", defaultValue = "-Xmx1g")
    private List<String> jvmArgs;

    @Override
    public void execute() throws MojoExecutionException {
        Path reports = reportsDirectory.toPath().toAbsolutePath().normalize();
        if (skip) {
            getLog().info("chaos:run skipped (chaos.skip)");
            return;
        }
        List<Path> files;
        try {
            files = new ExperimentSelection(experimentsDirectory.toPath(), includes, excludes, experiment).files();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        if (files.isEmpty()) {
            getLog().warn("no experiment file in " + experimentsDirectory + " matches " + includes + " (excludes "
                    + excludes + ")");
        }
        getLog().info("chaos:run " + files.size() + " experiment(s), runtime " + runtime + ", reports in " + reports
                + (overrides == null || overrides.isBlank() ? "" : ", overrides " + overrides)
                + (readyTimeoutSeconds == null ? "" : ", services ready within " + readyTimeoutSeconds + " s unless their system file says otherwise"));
        List<String> command = baseCommand(reports);
        List<RunRecord> records = new ArrayList<>();
        for (List<Path> suite : bySystemFile(files)) {
            for (RunRecord record : runSuite(command, suite, reports)) {
                records.add(record);
                copyJUnit(record);
            }
            RunRecord.writeAll(reports, records);
        }
        RunRecord.writeAll(reports, records);
        getLog().info("chaos:run summary");
        records.stream().map(RunJudgement::of).forEach(j -> getLog().info("  " + j.line()));
    }

    private List<String> baseCommand(Path reports) throws MojoExecutionException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(HarnessSettings.GATLING_JVM_OPTIONS);
        command.addAll(jvmArgs == null ? List.of() : jvmArgs);
        command.add(HarnessSettings.define(HarnessSettings.REPORTS_DIR, reports));
        command.add(HarnessSettings.define(HarnessSettings.PROFILES_DIR, profilesDirectory.toPath().toAbsolutePath().normalize()));
        command.add(HarnessSettings.define(HarnessSettings.SCENARIOS_DIR, experimentsDirectory.toPath().toAbsolutePath().normalize()));
        command.add(HarnessSettings.define(HarnessSettings.RUNTIME, runtime));
        command.add(HarnessSettings.define(HarnessSettings.IMAGES, images));
        if (attach != null) {
            command.add(HarnessSettings.define(HarnessSettings.ATTACH, attach.toPath().toAbsolutePath().normalize()));
        }
        command.add(HarnessSettings.define(HarnessSettings.STOP_WITH_PARENT, true)); // a Maven killed outright leaves no harness running on
        if (readyTimeoutSeconds != null) {
            command.add(HarnessSettings.define(HarnessSettings.READY_TIMEOUT_SECONDS, readyTimeoutSeconds));
        }
        // the broker's jars, for the runtime that runs it as a process (whichever runtime that is: no name is compared)
        command.add(HarnessSettings.define(HarnessSettings.KAFKA_LIB, kafkaLib()));
        command.add(HarnessSettings.define(HarnessSettings.MAVEN_REPOSITORY,
                repositorySession.getLocalRepository().getBasedir().getAbsolutePath()));
        command.add(HarnessSettings.define(HarnessSettings.OVERRIDES, (overrides == null ? "" : overrides)));
        command.add(HarnessSettings.define(HarnessSettings.BASELINE, (baseline == null ? "" : baseline)));
        command.add("-cp");
        command.add(classpath());
        command.add(MAIN);
        return command;
    }

    /** The project's test classpath first (a team's simulations), then the harness and what it needs. */
    private String classpath() throws MojoExecutionException {
        Set<String> entries = new LinkedHashSet<>();
        try {
            entries.addAll(project.getTestClasspathElements());
        } catch (Exception e) {
            throw new MojoExecutionException("cannot resolve the project's test classpath: " + e.getMessage(), e);
        }
        for (Artifact artifact : plugin.getArtifacts()) {
            entries.add(artifact.getFile().getAbsolutePath());
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The broker's own classpath (kafka-broker's dependencies: Kafka and its log binding), resolved
     * apart from the harness's, because Gatling brings another Scala and Jackson; copied into one
     * directory as the local runtime expects.
     */
    private Path kafkaLib() throws MojoExecutionException {
        String coordinates = pluginProperties().getProperty("kafka-broker");
        CollectRequest collect = new CollectRequest(new Dependency(new DefaultArtifact(coordinates), "runtime"),
                project.getRemoteProjectRepositories());
        // resolver-util's classpath filter is not exported to plugins: the runtime classpath is compile + runtime
        DependencyFilter runtimeScopes = (node, parents) -> node.getDependency() == null
                || List.of("compile", "runtime").contains(node.getDependency().getScope());
        List<ArtifactResult> resolved;
        try {
            resolved = repositorySystem.resolveDependencies(repositorySession,
                    new DependencyRequest(collect, runtimeScopes)).getArtifactResults();
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("cannot resolve the Kafka broker (" + coordinates + "): " + e.getMessage(), e);
        }
        Path lib = Path.of(project.getBuild().getDirectory(), "chaos-harness", "kafka-lib");
        try {
            Files.createDirectories(lib);
            for (ArtifactResult result : resolved) {
                Path jar = result.getArtifact().getFile().toPath();
                if (!jar.getFileName().toString().endsWith(".jar")) {
                    continue; // kafka-broker itself is a pom that only names the broker's dependencies
                }
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot copy the broker's classpath to " + lib + ": " + e.getMessage(), e);
        }
        getLog().info("Kafka broker classpath: " + resolved.size() + " jars in " + lib);
        return lib;
    }

    private static Properties pluginProperties() {
        Properties properties = new Properties();
        try (var in = RunMojo.class.getResourceAsStream("/chaos-harness-plugin.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * Fetches the service jars the experiment's system file names by Maven coordinates into the
     * local repository, where the harness looks for them; one that cannot be resolved is logged,
     * and the harness then refuses the file naming it.
     */
    private void resolveServiceJars(Path file) {
        for (MavenJar jar : DeclaredMavenJars.of(file)) {
            try {
                Path resolved = repositorySystem.resolveArtifact(repositorySession, new ArtifactRequest(
                        new DefaultArtifact(jar.artifactCoordinates()), project.getRemoteProjectRepositories(), null))
                        .getArtifact().getFile().toPath();
                getLog().info("service jar " + jar.artifactCoordinates() + ": " + resolved);
            } catch (ArtifactResolutionException e) {
                getLog().error("cannot resolve the service jar " + jar.artifactCoordinates() + " named in " + file + "'s system: "
                        + e.getMessage());
            }
        }
    }

    /** The files by the system file each names, in the order given; a file whose system cannot be read here alone. */
    static List<List<Path>> bySystemFile(List<Path> files) {
        java.util.Map<Object, List<Path>> groups = new java.util.LinkedHashMap<>();
        for (Path file : files) {
            Object key = DeclaredMavenJars.systemFile(file).map(Object.class::cast).orElse(file);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
        }
        return List.copyOf(groups.values());
    }

    /** The files of one system in one JVM (a suite when more than one); its output is this build's. */
    private List<RunRecord> runSuite(List<String> baseCommand, List<Path> files, Path reports) throws MojoExecutionException {
        getLog().info("chaos:run " + (files.size() == 1 ? files.get(0) : "suite of " + files.size() + " experiments of "
                + DeclaredMavenJars.systemFile(files.get(0)).map(Path::toString).orElse("?") + ": " + files));
        files.forEach(this::resolveServiceJars);
        Set<Path> before = runDirectories(reports);
        List<String> command = new ArrayList<>(baseCommand);
        command.add(String.join(",", files.stream().map(Path::toString).toList()));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(project.getBasedir()).inheritIO().start();
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        // Ctrl-C or a CI cancel ends Maven: the harness is told (SIGTERM) and Maven waits while it
        // rolls back its faults, stops its services and writes the INTERRUPTED report
        Thread stopOnExit = new Thread(() -> stopAndAwait(process), "chaos-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        int exitCode;
        try {
            exitCode = awaitOrStop(process, files);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the process
            }
        }
        Set<Path> made = runDirectories(reports);
        made.removeAll(before);
        List<RunRecord> records = new ArrayList<>();
        for (Path file : files) {
            records.add(new RunRecord(file, runOf(file, made, files.size() == 1).map(Path::toString).orElse(""), exitCode));
        }
        return records;
    }

    /** The run directory the harness made for {@code file}: the one whose history names it as its source. */
    private static java.util.Optional<Path> runOf(Path file, Set<Path> made, boolean only) {
        if (only) {
            return made.stream().filter(dir -> !dir.getFileName().toString().equals("environments")).findFirst();
        }
        Path wanted = file.toAbsolutePath().normalize();
        return made.stream().filter(dev.chaosharness.harness.history.RunHistory::exists).filter(dir -> {
            var started = dev.chaosharness.harness.history.HistoryReader.ofType(
                    dev.chaosharness.harness.history.HistoryReader.readContext(dir),
                    dev.chaosharness.harness.history.HistoryEvent.RunStarted.class);
            return !started.isEmpty() && Path.of(started.get(0).parameters().getOrDefault("source", ""))
                    .toAbsolutePath().normalize().equals(wanted);
        }).findFirst();
    }

    private static void stopAndAwait(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(HARNESS_STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private int awaitOrStop(Process process, List<Path> files) throws MojoExecutionException {
        Object file = files.size() == 1 ? files.get(0) : files;
        try {
            long minutes = (long) timeoutMinutes * files.size();
            if (process.waitFor(minutes, TimeUnit.MINUTES)) {
                return process.exitValue();
            }
            getLog().warn(file + " still running after " + minutes + " min (chaos.timeoutMinutes per experiment): interrupting it");
            stopAndAwait(process);
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("interrupted while " + file + " ran", e);
        }
    }

    private static Set<Path> runDirectories(Path reports) {
        if (!Files.isDirectory(reports)) {
            return new LinkedHashSet<>();
        }
        try (Stream<Path> children = Files.list(reports)) {
            return children.filter(Files::isDirectory).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + reports, e);
        }
    }

    private void copyJUnit(RunRecord record) throws MojoExecutionException {
        if (record.runDirectory().isEmpty() || !Files.isRegularFile(Path.of(record.runDirectory(), "junit.xml"))) {
            return;
        }
        String name = record.experimentFile().getFileName().toString().replaceFirst("\\.ya?ml$", "");
        try {
            Files.createDirectories(junitDirectory.toPath());
            Files.copy(Path.of(record.runDirectory(), "junit.xml"), junitDirectory.toPath().resolve("TEST-chaos-" + name + ".xml"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot copy the JUnit report of " + record.experimentFile() + ": " + e.getMessage(), e);
        }
    }
}
