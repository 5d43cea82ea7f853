package dev.chaosharness.harness.system;

import dev.chaosharness.harness.yaml.YamlSections;
import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlDocument;
import dev.chaosharness.harness.yaml.YamlErrors;
import dev.chaosharness.harness.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a system file (YAML) and checks all of it before anything starts: unknown fields, a
 * service that does not say how it runs, a jar that does not exist (with the command that builds
 * it), a placeholder that is unknown or names an unknown service, are each reported as
 * {@code file:line: field: message}. Paths are relative to the file's folder.
 */
public final class SystemFileParser {

    private static final Set<String> SYSTEM_FIELDS = Set.of("name", "description", "kafka", "services");
    private static final Set<String> KAFKA_FIELDS = Set.of("topics", "services-start");
    private static final Set<String> TOPIC_FIELDS = Set.of("name", "partitions", "config");
    private static final Set<String> SERVICE_FIELDS = Set.of("jar", "build", "java-home", "jvm-options", "command",
            "working-dir", "image", "image-port", "instances", "spares", "args", "env", "properties", "ready", "groups", "jvm",
            "depends-on", "postgres", "profile");
    private static final Set<String> POSTGRES_FIELDS = Set.of("databases", "init-sql", "keep-data", "options");
    private static final Set<String> DATABASE_FIELDS = Set.of("name", "owner", "password");
    private static final Pattern SQL_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<String> READY_FIELDS = Set.of("http", "tcp", "log", "group", "timeout-seconds");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "members-per-instance");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ENDS_IN_INDEX = Pattern.compile(".*-\\d+");
    private static final String DEFAULT_BUILD = "mvn -B package -DskipTests";

    private final Function<String, String> environment;
    private final Path mavenRepository;

    /**
     * @param environment     where {@code ${env:NAME}} is read (the harness's environment: {@code System::getenv})
     * @param mavenRepository where a jar named {@code maven:group:artifact:version} is found
     */
    public SystemFileParser(Function<String, String> environment, Path mavenRepository) {
        this.environment = environment;
        this.mavenRepository = mavenRepository;
    }

    public SystemSpec parse(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("system file " + absolute + " does not exist");
        }
        try {
            return parse(absolute, Files.readString(absolute));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read system file " + absolute, e);
        }
    }

    /** {@code file} names the document in errors and anchors its relative paths. */
    public SystemSpec parse(Path file, String yaml) {
        String source = file.toString();
        YamlNode root = YamlDocument.read(source, yaml);
        YamlChecker check = new YamlChecker(source);
        Map<String, YamlNode> fields = check.mapping(root, "", SYSTEM_FIELDS);
        YamlErrors errors = new YamlErrors();
        Optional<String> name = errors.attempt(() -> name(check, check.required(fields, "name", root), "name"));
        Map<String, YamlNode> kafka = errors.attempt(() -> fields.containsKey("kafka")
                ? check.mapping(fields.get("kafka"), "kafka", KAFKA_FIELDS) : Map.<String, YamlNode>of()).orElse(Map.of());
        Optional<List<TopicSpec>> topics = errors.attempt(() -> topics(check, kafka));
        Optional<SystemSpec.ServicesStart> servicesStart = errors.attempt(() -> servicesStart(check, kafka));
        Optional<YamlNode> servicesNode = errors.attempt(() -> check.required(fields, "services", root));
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        boolean everyService = servicesNode.isPresent();
        for (Map.Entry<String, YamlNode> entry : servicesNode.flatMap(n -> errors.attempt(() -> check.mapping(n, "services")))
                .orElse(Map.of()).entrySet()) {
            String serviceName = entry.getKey();
            Optional<ServiceSpec> service = errors.attempt(() -> {
                if (!NAME.matcher(serviceName).matches() || ENDS_IN_INDEX.matcher(serviceName).matches()) {
                    throw check.error(entry.getValue(), "services." + serviceName, "a service name must be lower-kebab-case"
                            + " and not end in -<number> (its instances are <name>-1, <name>-2, ...), was '" + serviceName + "'");
                }
                return service(check, file.getParent(), serviceName, entry.getValue());
            });
            service.ifPresent(found -> services.put(serviceName, found));
            everyService &= service.isPresent();
        }
        if (servicesNode.isPresent() && services.isEmpty() && everyService) {
            errors.check(() -> {
                throw check.error(servicesNode.get(), "services", "must declare at least one service");
            });
        }
        if (everyService) {
            errors.check(() -> checkPlaceholders(check, services, fields.get("services")));
            checkDependencies(check, errors, services, fields.get("services"));
        }
        errors.throwIfAny();
        return new SystemSpec(name.orElseThrow(), file, topics.orElseThrow(), services, servicesStart.orElseThrow());
    }

    private static String name(YamlChecker check, YamlNode node, String field) {
        String value = check.text(node, field);
        if (!value.matches("[a-z0-9][a-z0-9-]*")) {
            throw check.error(node, field, "must be lower-kebab-case, was '" + value + "'");
        }
        return value;
    }

    private static SystemSpec.ServicesStart servicesStart(YamlChecker check, Map<String, YamlNode> kafka) {
        if (!kafka.containsKey("services-start")) {
            return SystemSpec.ServicesStart.AFTER_TOPICS;
        }
        YamlNode node = kafka.get("services-start");
        String value = check.text(node, "kafka.services-start");
        for (SystemSpec.ServicesStart choice : SystemSpec.ServicesStart.values()) {
            if (choice.spelling().equals(value)) {
                return choice;
            }
        }
        throw check.error(node, "kafka.services-start", "must be after-topics (the default) or with-broker, was '" + value + "'");
    }

    private static List<TopicSpec> topics(YamlChecker check, Map<String, YamlNode> fields) {
        List<TopicSpec> topics = new ArrayList<>();
        if (!fields.containsKey("topics")) {
            return topics;
        }
        List<YamlNode> items = check.list(fields.get("topics"), "kafka.topics");
        for (int i = 0; i < items.size(); i++) {
            String where = "kafka.topics[" + (i + 1) + "]";
            YamlNode item = items.get(i);
            Map<String, YamlNode> topic = check.mapping(item, where, TOPIC_FIELDS);
            String topicName = check.text(check.required(topic, "name", item, where + ".name"), where + ".name");
            if (topics.stream().anyMatch(t -> t.name().equals(topicName))) {
                throw check.error(item, where + ".name", "topic '" + topicName + "' is declared twice");
            }
            int partitions = check.optional(topic, "partitions", n -> check.integer(n, where + ".partitions", 1, 10_000))
                    .orElse(1);
            Map<String, String> config = check.optional(topic, "config", n -> check.strings(n, where + ".config"))
                    .orElse(Map.of());
            topics.add(new TopicSpec(topicName, partitions, config));
        }
        return topics;
    }

    private ServiceSpec service(YamlChecker check, Path baseDir, String name, YamlNode node) {
        String where = "services." + name;
        Map<String, YamlNode> fields = check.mapping(node, where, SERVICE_FIELDS);
        Launch launch = launch(check, baseDir, where, node, fields);
        int instances = check.optional(fields, "instances", n -> check.integer(n, where + ".instances", 1, 32)).orElse(1);
        int spares = check.optional(fields, "spares", n -> check.integer(n, where + ".spares", 0, 32)).orElse(0);
        Wiring wiring = new Wiring(
                check.optional(fields, "args", n -> check.texts(n, where + ".args")).orElse(List.of()),
                check.optional(fields, "env", n -> check.strings(n, where + ".env")).orElse(Map.of()),
                check.optional(fields, "properties", n -> check.strings(n, where + ".properties")).orElse(Map.of()));
        List<String> groups = check.optional(fields, "groups", n -> check.texts(n, where + ".groups")).orElse(List.of());
        List<Readiness> readiness = new ArrayList<>(check.optional(fields, "ready", n -> readiness(check, where + ".ready", n, groups))
                .orElse(List.of()));
        if (launch instanceof Launch.Postgres postgres) {
            readiness.add(0, new Readiness.Postgres(postgres.databases()));
        }
        Optional<Duration> readyTimeout = Optional.ofNullable(fields.get("ready")).filter(YamlNode::isMapping)
                .flatMap(n -> check.optional(check.mapping(n, where + ".ready", READY_FIELDS), "timeout-seconds",
                        t -> Duration.ofSeconds(check.integer(t, where + ".ready.timeout-seconds", 1, 3600))));
        boolean jvm = check.optional(fields, "jvm", n -> check.bool(n, where + ".jvm"))
                .orElse(launch instanceof Launch.Jar);
        if (jvm && (launch instanceof Launch.Command || launch instanceof Launch.CommandOrImage || launch instanceof Launch.Postgres)) {
            throw check.error(fields.get("jvm"), where + ".jvm", "a command is not run as a JVM the harness can record; "
                    + "declare the service as a jar to have its GC pauses and threads judged");
        }
        List<String> dependsOn = check.optional(fields, "depends-on", n -> check.texts(n, where + ".depends-on"))
                .orElse(List.of());
        return new ServiceSpec(name, node.line(), launch, instances, spares, wiring, readiness, readyTimeout, groups, jvm,
                dependsOn);
    }

    private Launch launch(YamlChecker check, Path baseDir, String where, YamlNode node, Map<String, YamlNode> fields) {
        List<String> given = List.of("jar", "command", "image", "postgres").stream().filter(fields::containsKey).toList();
        if (given.isEmpty() || given.size() > 1 && !given.equals(List.of("command", "image"))) {
            throw check.error(node, where, given.isEmpty()
                    ? "says not how it runs: give one of jar, command, image or postgres (or a command and an image)"
                    : "gives " + String.join(" and ", given) + "; give one of jar, command, image or postgres (or a command"
                    + " for the local runtime and an image for the docker runtime)");
        }
        if (given.contains("postgres")) {
            for (String notForPostgres : List.of("working-dir", "image-port", "args", "properties")) {
                if (fields.containsKey(notForPostgres)) {
                    throw check.error(fields.get(notForPostgres), where + "." + notForPostgres, "does not apply to a postgres"
                            + " service (server settings go under postgres.options, as name=value)");
                }
            }
            return postgres(check, baseDir, where + ".postgres", fields.get("postgres"));
        }
        for (String jarOnly : List.of("build", "java-home", "jvm-options", "profile")) {
            if (fields.containsKey(jarOnly) && !given.contains("jar")) {
                throw check.error(fields.get(jarOnly), where + "." + jarOnly, "applies to a jar only");
            }
        }
        if (fields.containsKey("working-dir") && given.equals(List.of("image"))) {
            throw check.error(fields.get("working-dir"), where + ".working-dir", "applies to a jar or a command only");
        }
        if (fields.containsKey("image-port") && !given.contains("image")) {
            throw check.error(fields.get("image-port"), where + ".image-port", "applies to an image only");
        }
        if (given.contains("jar")) {
            return jar(check, baseDir, where, fields);
        }
        Launch.Command command = fields.containsKey("command") ? new Launch.Command(
                check.texts(fields.get("command"), where + ".command"),
                workingDir(check, baseDir, where, fields).orElse(baseDir)) : null;
        Launch.Image image = fields.containsKey("image") ? new Launch.Image(check.text(fields.get("image"), where + ".image"),
                check.optional(fields, "image-port", n -> check.integer(n, where + ".image-port", 1, 65535))) : null;
        return command == null ? image : image == null ? command : new Launch.CommandOrImage(command, image);
    }

    private static Launch.Postgres postgres(YamlChecker check, Path baseDir, String where, YamlNode node) {
        Map<String, YamlNode> fields = check.mapping(node, where, POSTGRES_FIELDS);
        YamlNode databasesNode = check.required(fields, "databases", node, where + ".databases");
        List<YamlNode> items = check.list(databasesNode, where + ".databases");
        if (items.isEmpty()) {
            throw check.error(databasesNode, where + ".databases", "declare at least one: {name: app, owner: app, password: secret}");
        }
        List<Launch.Database> databases = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = where + ".databases[" + (i + 1) + "]";
            Map<String, YamlNode> database = check.mapping(items.get(i), at, DATABASE_FIELDS);
            String name = sqlName(check, check.required(database, "name", items.get(i), at + ".name"), at + ".name");
            String owner = sqlName(check, check.required(database, "owner", items.get(i), at + ".owner"), at + ".owner");
            String password = check.text(check.required(database, "password", items.get(i), at + ".password"), at + ".password");
            if (databases.stream().anyMatch(d -> d.name().equals(name))) {
                throw check.error(items.get(i), at + ".name", "database '" + name + "' is declared twice");
            }
            if (databases.stream().anyMatch(d -> d.owner().equals(owner) && !d.password().equals(password))) {
                throw check.error(items.get(i), at + ".password", "owner '" + owner + "' is given two passwords");
            }
            if (name.equals("postgres") || owner.equals("postgres")) {
                throw check.error(items.get(i), at, "'postgres' is the server's own database and superuser; name yours otherwise");
            }
            databases.add(new Launch.Database(name, owner, password));
        }
        List<Path> initSql = new ArrayList<>();
        if (fields.containsKey("init-sql")) {
            List<YamlNode> files = check.list(fields.get("init-sql"), where + ".init-sql");
            for (int i = 0; i < files.size(); i++) {
                String at = where + ".init-sql[" + (i + 1) + "]";
                Path file = baseDir.resolve(check.text(files.get(i), at)).normalize();
                if (!Files.isRegularFile(file)) {
                    throw check.error(files.get(i), at, file + " is no file (paths are relative to the system file)");
                }
                initSql.add(file);
            }
        }
        Launch.KeepData keepData = check.optional(fields, "keep-data", n -> keepData(check, n, where + ".keep-data"))
                .orElse(Launch.KeepData.NEVER);
        List<String> options = check.optional(fields, "options", n -> check.texts(n, where + ".options")).orElse(List.of());
        for (String option : options) {
            if (!option.matches("[a-z_.]+=.*")) {
                throw check.error(fields.get("options"), where + ".options", "each is name=value (e.g. max_connections=100), was '"
                        + option + "'");
            }
        }
        return new Launch.Postgres(databases, initSql, keepData, options);
    }

    private static String sqlName(YamlChecker check, YamlNode node, String field) {
        String value = check.text(node, field);
        if (!SQL_NAME.matcher(value).matches()) {
            throw check.error(node, field, "must be a lower-case SQL name (letters, digits, _), was '" + value + "'");
        }
        return value;
    }

    private static Launch.KeepData keepData(YamlChecker check, YamlNode node, String field) {
        String value = check.text(node, field);
        for (Launch.KeepData choice : Launch.KeepData.values()) {
            if (choice.spelling().equals(value)) {
                return choice;
            }
        }
        throw check.error(node, field, "must be never (the default), on-failure or always, was '" + value + "'");
    }

    /** {@code working-dir}, relative to the file; a directory that exists. */
    private static Optional<Path> workingDir(YamlChecker check, Path baseDir, String where, Map<String, YamlNode> fields) {
        return check.optional(fields, "working-dir", n -> {
            Path dir = baseDir.resolve(check.text(n, where + ".working-dir")).normalize();
            if (!Files.isDirectory(dir)) {
                throw check.error(n, where + ".working-dir", dir + " is no directory");
            }
            return dir;
        });
    }

    private Launch.Jar jar(YamlChecker check, Path baseDir, String where, Map<String, YamlNode> fields) {
        YamlNode jarNode = fields.get("jar");
        String pattern = check.text(jarNode, where + ".jar");
        String build = check.optional(fields, "build", n -> check.text(n, where + ".build")).orElse(DEFAULT_BUILD);
        Path jar = MavenJar.isCoordinates(pattern) ? mavenJar(check, jarNode, where, pattern) : pathJar(check, jarNode, where,
                baseDir, pattern, build);
        Optional<Path> javaHome = check.optional(fields, "java-home", n -> javaHome(check, baseDir, where, n));
        List<String> jvmOptions = check.optional(fields, "jvm-options", n -> check.texts(n, where + ".jvm-options"))
                .orElse(List.of());
        Optional<String> profile = check.optional(fields, "profile", n -> {
            String event = check.text(n, where + ".profile");
            if (!Launch.Jar.PROFILES.contains(event)) {
                throw check.error(n, where + ".profile", "must be one of " + Launch.Jar.PROFILES + ", was '" + event + "'");
            }
            return event;
        });
        return new Launch.Jar(jar, javaHome, jvmOptions, workingDir(check, baseDir, where, fields), profile);
    }

    private static Path pathJar(YamlChecker check, YamlNode jarNode, String where, Path baseDir, String pattern, String build) {
        Optional<Path> found;
        try {
            found = resolveJar(baseDir, pattern);
        } catch (IllegalArgumentException e) {
            throw check.error(jarNode, where + ".jar", e.getMessage());
        }
        return found.orElseThrow(() -> check.error(jarNode, where + ".jar",
                baseDir.resolve(pattern).normalize() + " matches no file (build it first: " + build + ")"));
    }

    private Path mavenJar(YamlChecker check, YamlNode jarNode, String where, String coordinates) {
        MavenJar maven;
        try {
            maven = MavenJar.parse(coordinates);
        } catch (IllegalArgumentException e) {
            throw check.error(jarNode, where + ".jar", e.getMessage());
        }
        Path jar = maven.in(mavenRepository);
        if (!Files.isRegularFile(jar)) {
            throw check.error(jarNode, where + ".jar", coordinates + " is not in the local Maven repository (" + jar
                    + "); the chaos-harness Maven plugin resolves it before a run, or: mvn dependency:get -Dartifact="
                    + maven.artifactCoordinates());
        }
        return jar;
    }

    private Path javaHome(YamlChecker check, Path baseDir, String where, YamlNode node) {
        String field = where + ".java-home";
        String value = check.text(node, field);
        for (Placeholder placeholder : Placeholder.in(value)) {
            if (!placeholder.name().equals(Placeholder.ENV)) {
                throw check.error(node, field, "only ${env:NAME} can stand in a java-home, not " + placeholder);
            }
        }
        String expanded = Placeholder.expand(value, p -> env(check, node, field, p.argument()));
        Path home = baseDir.resolve(expanded).normalize();
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            throw check.error(node, field, home + " is not a Java home: it has no bin/java");
        }
        return home;
    }

    /** A path whose last part may hold {@code *}; exactly one file may match. */
    static Optional<Path> resolveJar(Path baseDir, String pattern) {
        Path path = baseDir.resolve(pattern).normalize();
        String fileName = path.getFileName().toString();
        if (!fileName.contains("*")) {
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        if (!Files.isDirectory(path.getParent())) {
            return Optional.empty();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path.getParent(), fileName)) {
            files.forEach(matches::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path.getParent(), e);
        }
        matches.removeIf(p -> !Files.isRegularFile(p));
        if (matches.size() > 1) {
            throw new IllegalArgumentException(pattern + " matches " + matches.size() + " files, not one: " + matches);
        }
        return matches.stream().findFirst();
    }

    private static List<Readiness> readiness(YamlChecker check, String where, YamlNode node, List<String> groups) {
        Map<String, YamlNode> fields = check.mapping(node, where, READY_FIELDS);
        List<Readiness> readiness = new ArrayList<>();
        check.optional(fields, "http", n -> {
            String path = check.text(n, where + ".http");
            if (!path.startsWith("/")) {
                throw check.error(n, where + ".http", "must be a path starting with /, was '" + path + "'");
            }
            return path;
        }).ifPresent(path -> readiness.add(new Readiness.Http(path)));
        check.optional(fields, "tcp", n -> check.bool(n, where + ".tcp")).filter(b -> b)
                .ifPresent(b -> readiness.add(new Readiness.Tcp()));
        check.optional(fields, "log", n -> {
            try {
                return Pattern.compile(check.text(n, where + ".log"));
            } catch (PatternSyntaxException e) {
                throw check.error(n, where + ".log", "is not a regular expression: " + e.getDescription());
            }
        }).ifPresent(regex -> readiness.add(new Readiness.LogLine(regex)));
        check.optional(fields, "group", n -> group(check, where + ".group", n, groups))
                .ifPresent(readiness::add);
        return readiness;
    }

    private static Readiness.GroupMember group(YamlChecker check, String where, YamlNode node, List<String> groups) {
        String name;
        int perInstance = 1;
        if (node.isMapping()) {
            Map<String, YamlNode> fields = check.mapping(node, where, GROUP_FIELDS);
            name = check.text(check.required(fields, "name", node, where + ".name"), where + ".name");
            perInstance = check.optional(fields, "members-per-instance",
                    n -> check.integer(n, where + ".members-per-instance", 1, 64)).orElse(1);
        } else {
            name = check.text(node, where);
        }
        if (!groups.contains(name)) {
            throw check.error(node, where, "group '" + name + "' is not one of the service's groups " + groups
                    + "; list it under groups");
        }
        return new Readiness.GroupMember(name, perInstance);
    }

    private void checkPlaceholders(YamlChecker check, Map<String, ServiceSpec> services, YamlNode servicesNode) {
        for (ServiceSpec service : services.values()) {
            YamlNode node = servicesNode.fields().get(service.name());
            String where = "services." + service.name();
            for (Placeholder placeholder : service.placeholders()) {
                Optional<String> problem = placeholder.problem();
                if (problem.isPresent()) {
                    throw check.error(lineOf(node, placeholder), where, problem.get());
                }
                if (placeholder.isCallee()) {
                    checkCallee(check, services, lineOf(node, placeholder), where, placeholder);
                }
                if (placeholder.name().equals(Placeholder.ENV)) {
                    env(check, lineOf(node, placeholder), where, placeholder.argument());
                }
            }
        }
    }

    private static void checkCallee(YamlChecker check, Map<String, ServiceSpec> services, YamlNode node, String where,
                                    Placeholder placeholder) {
        ServiceSpec callee = services.get(placeholder.calleeService());
        if (callee == null) {
            throw check.error(node, where, placeholder + " names no service of this system; known: " + services.keySet());
        }
        boolean ofAnInstance = !placeholder.name().equals(Placeholder.URLS) && !placeholder.name().equals(Placeholder.ADDRS);
        if (ofAnInstance && !callee.instanceNames().contains(placeholder.argument())) {
            throw check.error(node, where, placeholder + " names no instance of " + callee.name() + "; it has "
                    + callee.instanceNames());
        }
    }

    /** Each {@code depends-on} names another service of the file, and no service waits for itself through others. */
    private static void checkDependencies(YamlChecker check, YamlErrors errors, Map<String, ServiceSpec> services,
                                          YamlNode servicesNode) {
        boolean known = true;
        for (ServiceSpec service : services.values()) {
            YamlNode node = servicesNode.fields().get(service.name()).fields().get("depends-on");
            for (String dependency : service.dependsOn()) {
                boolean unknown = !services.containsKey(dependency) || dependency.equals(service.name());
                known &= !unknown;
                if (unknown) {
                    errors.check(() -> {
                        throw check.error(node, "services." + service.name() + ".depends-on", dependency.equals(service.name())
                                ? "a service cannot depend on itself"
                                : "'" + dependency + "' names no service of this system; known: " + services.keySet());
                    });
                }
            }
        }
        if (known) {
            StartOrder.cycle(services).ifPresent(cycle -> errors.check(() -> {
                throw check.error(servicesNode.fields().get(cycle.get(0)).fields().get("depends-on"),
                        "services." + cycle.get(0) + ".depends-on", "services wait for each other in a cycle: "
                                + String.join(" -> ", cycle) + "; none of them could start");
            }));
        }
    }

    private String env(YamlChecker check, YamlNode node, String field, String variable) {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw check.error(node, field, "${env:" + variable + "} is not set in the harness's environment");
        }
        return value;
    }

    /** The node of the args/env/properties entry that holds the placeholder, for its line. */
    private static YamlNode lineOf(YamlNode service, Placeholder placeholder) {
        String written = placeholder.toString();
        for (String part : List.of("command", "args", "env", "properties")) {
            YamlNode node = service.fields().get(part);
            Optional<YamlNode> holder = node == null ? Optional.empty() : find(node, written);
            if (holder.isPresent()) {
                return holder.get();
            }
        }
        return service;
    }

    private static Optional<YamlNode> find(YamlNode node, String text) {
        if (node.scalar() != null) {
            return node.scalar().contains(text) ? Optional.of(node) : Optional.empty();
        }
        List<YamlNode> children = node.isList() ? node.items() : node.isMapping() ? List.copyOf(node.fields().values()) : List.of();
        return children.stream().map(child -> find(child, text)).flatMap(Optional::stream).findFirst();
    }

    /** Each section's keys, by its path in the file: the reference's key tables are held to them (YamlKeysDocTest). */
    public static Map<String, Set<String>> keysBySection() {
        return YamlSections.of("(top)", SYSTEM_FIELDS, "kafka", KAFKA_FIELDS, "kafka.topics[]", TOPIC_FIELDS,
                "services.<name>", SERVICE_FIELDS, "services.<name>.postgres", POSTGRES_FIELDS,
                "services.<name>.postgres.databases[]", DATABASE_FIELDS, "services.<name>.ready", READY_FIELDS,
                "services.<name>.groups[]", GROUP_FIELDS);
    }
}
