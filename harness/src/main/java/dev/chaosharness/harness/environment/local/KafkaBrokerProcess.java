package dev.chaosharness.harness.environment.local;

import dev.chaosharness.harness.environment.BrokerSettings;
import dev.chaosharness.harness.environment.EnvironmentStartException;
import dev.chaosharness.harness.environment.FreePorts;
import dev.chaosharness.harness.environment.KafkaAdmin;
import dev.chaosharness.harness.environment.ProcessGroups;
import dev.chaosharness.harness.environment.SystemWiring;
import dev.chaosharness.harness.system.TopicSpec;
import dev.chaosharness.harness.history.HistorySink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) in its own JVM, from the jars
 * of the kafka-broker module. The harness formats its storage, writes its configuration with
 * fast-test settings, starts {@code kafka.Kafka} and waits until the broker answers metadata.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /**
     * Formatted storage per Kafka lib folder. Formatting forks a JVM (about 2 s here), and its output
     * (meta.properties, bootstrap.checkpoint) names no port or path: every broker of one Kafka
     * version and node id can start from a copy. So a harness JVM that runs several experiments
     * formats once; the copies are deleted when it exits.
     */
    private static final Map<Path, Path> FORMATTED = new ConcurrentHashMap<>();

    private final LocalProcess jvm;
    private final Path dir;
    private final Path config;
    private final RuntimeArtifacts artifacts;
    private final int port;
    private Admin admin;

    /**
     * One listener of its own per client, so that the client's every connection (bootstrap and
     * the addresses the broker advertises back) goes through the client's link.
     */
    private final List<SystemWiring.ClientListener> clientListeners;

    public KafkaBrokerProcess(RuntimeArtifacts artifacts, Path dir, HistorySink history, Duration readyTimeout,
                              List<SystemWiring.ClientListener> clientListeners) {
        this.artifacts = artifacts;
        this.dir = dir;
        this.clientListeners = List.copyOf(clientListeners);
        this.port = FreePorts.next();
        int controllerPort = FreePorts.next();
        this.config = dir.resolve("server.properties");
        writeConfig(controllerPort);
        this.jvm = new LocalProcess(new LocalProcess.Spec("kafka", "kafka", true, command("kafka.Kafka", config.toString()),
                Map.of(), dir, dir.resolve("kafka.log"), Optional.empty(), this::answersMetadata,
                () -> "the broker answering metadata on " + bootstrap(), readyTimeout, Duration.ofSeconds(15)), history);
    }

    /** The harness's own, unproxied listener: probes and admin calls are never faulted. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public LocalProcess instance() {
        return jvm;
    }

    /** Formats the storage (once) and forks the broker without waiting for it. */
    public void launch() {
        Path data = dir.resolve("data");
        if (!Files.exists(data.resolve("meta.properties"))) {
            Path formatted = FORMATTED.get(artifacts.kafkaLibDir());
            if (formatted != null) {
                copyFiles(formatted, data);
            } else {
                format();
                FORMATTED.put(artifacts.kafkaLibDir(), keepFormatted(data));
            }
        }
        jvm.launch();
    }

    private static Path keepFormatted(Path data) {
        try {
            Path kept = Files.createTempDirectory("chaos-harness-kafka-storage");
            kept.toFile().deleteOnExit();
            copyFiles(data, kept);
            try (Stream<Path> files = Files.list(kept)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a copy of the formatted Kafka storage", e);
        }
    }

    private static void copyFiles(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the formatted Kafka storage from " + from + " to " + to, e);
        }
    }

    public void awaitReady() {
        jvm.awaitReady();
    }

    /** Creates the topics (replication factor 1); existing ones are kept. */
    public void createTopics(List<TopicSpec> topics) {
        KafkaAdmin.createTopics(admin(), topics);
    }

    /** Closes the AdminClient of the readiness polls and topic creation; the next poll makes a new one. */
    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaAdmin.config(bootstrap()));
        }
        return admin;
    }

    public Properties adminConfig() {
        return KafkaAdmin.config(bootstrap());
    }

    private boolean answersMetadata() {
        return KafkaAdmin.answersMetadata(admin(), Duration.ofMillis(500));
    }

    private void format() {
        List<String> command = command("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString(), "--ignore-formatted");
        Path log = dir.resolve("kafka-format.log");
        try {
            Process process = ProcessGroups.start(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()), true);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EnvironmentStartException("formatting Kafka storage took over 60 s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new EnvironmentStartException("formatting Kafka storage failed with exit code "
                        + process.exitValue() + ": " + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new EnvironmentStartException("cannot run Kafka's StorageTool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentStartException("interrupted while formatting Kafka storage", e);
        }
    }

    private List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(artifacts.javaExecutable().toString()));
        command.addAll(List.of(BrokerSettings.HEAP.split(" ")));
        command.addAll(List.of("-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", artifacts.kafkaLibDir().resolve("*").toString(),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String listenerName(SystemWiring.ClientListener client) {
        return "C_" + client.client().toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    private void writeConfig(int controllerPort) {
        StringBuilder listeners = new StringBuilder("INTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        StringBuilder advertised = new StringBuilder("INTERNAL://127.0.0.1:" + port);
        StringBuilder protocols = new StringBuilder("INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        for (SystemWiring.ClientListener client : clientListeners) {
            listeners.append(',').append(listenerName(client)).append("://127.0.0.1:").append(client.brokerPort());
            advertised.append(',').append(listenerName(client)).append("://").append(client.advertised());
            protocols.append(',').append(listenerName(client)).append(":PLAINTEXT");
        }
        String properties = String.join(System.lineSeparator(),
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=" + advertised,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + protocols,
                "inter.broker.listener.name=INTERNAL",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                BrokerSettings.asProperties(), // the same in a container
                "");
        String log4j = String.join(System.lineSeparator(),
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                "");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, properties, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's configuration in " + dir, e);
        }
    }
}
