package dev.chaosharness.harness.experiment;

import dev.chaosharness.harness.yaml.YamlSections;
import dev.chaosharness.harness.chaos.ChaosProfile;
import dev.chaosharness.harness.chaos.ChaosProfileParser;
import dev.chaosharness.harness.chaos.ChaosProfiles;
import dev.chaosharness.harness.spec.CheckSpec;
import dev.chaosharness.harness.spec.CheckThresholds;
import dev.chaosharness.harness.spec.CompletionSubject;
import dev.chaosharness.harness.spec.ConnectionSubject;
import dev.chaosharness.harness.spec.DeadlineSubject;
import dev.chaosharness.harness.spec.DuplicateSubject;
import dev.chaosharness.harness.spec.JdbcQuery;
import dev.chaosharness.harness.settings.HarnessSettings;
import dev.chaosharness.harness.spec.RecordSelector;
import dev.chaosharness.harness.environment.EnvironmentSpec;
import dev.chaosharness.harness.spec.WireHeaders;
import dev.chaosharness.harness.load.DeclaredRequestLoad;
import dev.chaosharness.harness.load.LoadKind;
import dev.chaosharness.harness.load.LoadKinds;
import dev.chaosharness.harness.load.HttpRequestSpec;
import dev.chaosharness.harness.load.LoadSpec;
import dev.chaosharness.harness.system.ServiceSpec;
import dev.chaosharness.harness.system.SystemFileParser;
import dev.chaosharness.harness.system.SystemSpec;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlErrors;
import dev.chaosharness.harness.yaml.YamlDocument;
import dev.chaosharness.harness.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Reads an experiment file (YAML) with its system file and chaos profile, applies the command
 * line's overrides, and checks all of it before anything starts: every error is
 * {@code file:line: field: message} (an override's line is 0). Paths are relative to the file.
 */
public final class ExperimentFileParser {

    private static final Set<String> FIELDS = Set.of("name", "description", "system", "profile", "seed", "services",
            "load", "checks");
    private static final Set<String> SERVICE_FIELDS = Set.of("instances", "spares", "properties");
    /** The fields every kind of load shares, and each kind's own key. */
    private static final Set<String> LOAD_FIELDS = java.util.stream.Stream.concat(java.util.stream.Stream.of("entry", "success",
            "rate-per-second", "ramp-seconds", "hold-seconds", "budget-ms", "budget-header", "request-id-header",
            "client-timeout-ms", "max-p99-ms", "max-error-percent", "warmup"), LoadKinds.all().stream().map(LoadKind::key))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> WARMUP_FIELDS = Set.of("requests", "concurrency", "request");
    private static final Set<String> CHECK_FIELDS = Set.of("thresholds", "duplicates", "deadlines", "wire-headers",
            "jvms", "completion", "connections");
    private static final Set<String> COMPLETION_FIELDS = Set.of("topic", "id", "http", "jdbc", "where", "settle-seconds");
    private static final Set<String> FINAL_READ_FIELDS = Set.of("service", "path");
    private static final int DEFAULT_SETTLE_SECONDS = 10;
    private static final Set<String> WIRE_HEADER_FIELDS = Set.of("budget", "correlation");
    private static final Set<String> DUPLICATE_FIELDS = Set.of("group", "source", "effects", "expected", "member",
            "generation");
    private static final Set<String> SELECTOR_FIELDS = Set.of("topic", "key", "id", "where");
    private static final Set<String> JDBC_EFFECT_FIELDS = Set.of("jdbc", "key", "id", "time");
    private static final Set<String> JDBC_FIELDS = Set.of("service", "protocol", "database", "user", "password", "query");
    private static final List<Integer> ALL_2XX = IntStream.rangeClosed(200, 299).boxed().toList();

    private final Function<String, String> environment;
    private final HarnessSettings settings;

    /**
     * @param environment where {@code ${env:NAME}} is read (the harness's environment: {@code System::getenv})
     * @param settings    where profiles are found by name, and the local Maven repository
     */
    public ExperimentFileParser(Function<String, String> environment, HarnessSettings settings) {
        this.environment = environment;
        this.settings = settings;
    }

    public ExperimentSpec parse(Path file, Map<String, String> overrides) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("experiment file " + absolute + " does not exist");
        }
        try {
            return parse(absolute, Files.readString(absolute), overrides);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read experiment file " + absolute, e);
        }
    }

    public ExperimentSpec parse(Path file, String yaml, Map<String, String> overrides) {
        String source = file.toString();
        YamlChecker check = new YamlChecker(source);
        YamlNode root = Overrides.apply(source, YamlDocument.read(source, yaml), overrides);
        Map<String, YamlNode> fields = check.mapping(root, "", FIELDS);
        // every part that can be checked on its own is: all mistakes of the file are reported at once
        YamlErrors errors = new YamlErrors();
        Optional<String> name = errors.attempt(() -> {
            String value = check.text(check.required(fields, "name", root), "name");
            if (!value.matches("[a-z0-9][a-z0-9-]*")) {
                throw check.error(fields.get("name"), "name", "must be lower-kebab-case, was '" + value + "'");
            }
            return value;
        });
        Optional<SystemSpec> system = errors.attempt(() -> {
            YamlNode systemNode = check.required(fields, "system", root);
            Path systemFile = file.getParent().resolve(check.text(systemNode, "system")).normalize();
            if (!Files.isRegularFile(systemFile)) {
                throw check.error(systemNode, "system", systemFile + " does not exist");
            }
            return new SystemFileParser(environment, settings.mavenRepository()).parse(systemFile);
        }).flatMap(declared -> errors.attempt(() -> changedServices(check, fields.get("services"), declared)));
        Optional<OptionalLong> seed = errors.attempt(() -> fields.containsKey("seed")
                ? OptionalLong.of(check.integer(fields.get("seed"), "seed")) : OptionalLong.empty());
        Optional<YamlNode> loadNode = errors.attempt(() -> check.required(fields, "load", root));
        if (system.isEmpty() || seed.isEmpty()) {
            errors.throwIfAny(); // the rest is checked against the system
        }
        Optional<ChaosProfile> profile = errors.attempt(() -> profile(check, file, fields.get("profile"), system.get(), seed.get()));
        long runSeed = seed.get().orElse(profile.map(ChaosProfile::seed).orElse(1L));
        Optional<LoadSpec> load = loadNode.flatMap(node -> errors.attempt(() -> load(check, node, system.get(), runSeed)));
        // checked even when the load is wrong (so its mistakes are named too), with stand-in defaults then
        Optional<CheckSpec> checks = errors.attempt(() -> checks(check, fields.get("checks"), system.get(),
                load.map(LoadSpec::maxP99Ms).orElse(0L), load.map(LoadSpec::budgetMs).orElse(0L)));
        Optional<WireHeaders> wire = load.flatMap(l -> errors.attempt(() -> wireHeaders(check, fields.get("checks"), l)));
        Optional<String> description = errors.attempt(() -> check.optional(fields, "description", n -> check.text(n, "description"))
                .orElse(profile.filter(p -> p != ChaosProfile.NONE).map(ChaosProfile::description).orElse(name.orElse(""))));
        errors.throwIfAny();
        EnvironmentSpec environmentSpec = EnvironmentSpec.of(system.get()).withSeed(runSeed);
        try {
            return new ExperimentSpec(name.get(), description.get(), file, environmentSpec, load.get(), profile.get(),
                    checks.get(), wire.get(), overrides);
        } catch (IllegalArgumentException e) {
            throw check.error(loadNode.get(), "load", e.getMessage());
        }
    }

    private static SystemSpec changedServices(YamlChecker check, YamlNode node, SystemSpec system) {
        if (node == null) {
            return system;
        }
        SystemSpec changed = system;
        for (Map.Entry<String, YamlNode> entry : check.mapping(node, "services").entrySet()) {
            String where = "services." + entry.getKey();
            if (!system.services().containsKey(entry.getKey())) {
                throw check.error(entry.getValue(), where, "system '" + system.name() + "' has no service '"
                        + entry.getKey() + "'; it has " + system.services().keySet());
            }
            Map<String, YamlNode> fields = check.mapping(entry.getValue(), where, SERVICE_FIELDS);
            ServiceSpec service = system.service(entry.getKey());
            if (fields.containsKey("instances")) {
                service = service.withInstances(check.integer(fields.get("instances"), where + ".instances", 1, 32));
            }
            if (fields.containsKey("spares")) {
                service = service.withSpares(check.integer(fields.get("spares"), where + ".spares", 0, 32));
            }
            if (fields.containsKey("properties")) {
                service = service.withProperties(check.strings(fields.get("properties"), where + ".properties"));
            }
            changed = changed.withService(service);
        }
        return changed;
    }

    private ChaosProfile profile(YamlChecker check, Path file, YamlNode node, SystemSpec system, OptionalLong seed) {
        String given = node == null ? ChaosProfile.NONE.name() : check.text(node, "profile");
        if (given.equals(ChaosProfile.NONE.name())) {
            return ChaosProfile.NONE;
        }
        if (!given.endsWith(".yaml")) {
            try {
                return ChaosProfiles.load(settings.profilesDir(), given, system, seed);
            } catch (IllegalArgumentException e) {
                throw check.error(node, "profile", e.getMessage());
            }
        }
        Path profileFile = file.getParent().resolve(given).normalize();
        if (!Files.isRegularFile(profileFile)) {
            throw check.error(node, "profile", "no chaos profile '" + given + "': " + profileFile + " does not exist");
        }
        return new ChaosProfileParser(Topology.of(system)).parse(profileFile, seed);
    }

    private static LoadSpec load(YamlChecker check, YamlNode node, SystemSpec system, long seed) {
        Map<String, YamlNode> fields = check.mapping(node, "load", LOAD_FIELDS);
        YamlNode entryNode = check.required(fields, "entry", node, "load.entry");
        String entry = check.text(entryNode, "load.entry");
        if (!system.services().containsKey(entry)) {
            throw check.error(entryNode, "load.entry", "system '" + system.name() + "' has no service '" + entry
                    + "'; it has " + system.services().keySet());
        }
        List<LoadKind> kinds = LoadKinds.all().stream().filter(kind -> fields.containsKey(kind.key())).toList();
        if (kinds.size() != 1) {
            throw check.error(node, "load", "give exactly one of " + LoadKinds.all().stream()
                    .map(kind -> kind.key() + " (" + kind.describe() + ")").collect(java.util.stream.Collectors.joining(" or ")));
        }
        LoadKind.Declared declared = kinds.get(0).parse(check, fields.get(kinds.get(0).key()));
        Optional<HttpRequestSpec> request = declared.request();
        String simulation = declared.simulationClass();
        List<Integer> success = check.optional(fields, "success", n -> statuses(check, n)).orElse(ALL_2XX);
        try {
            LoadSpec.OpenModel model = new LoadSpec.OpenModel(
                    check.number(check.required(fields, "rate-per-second", node, "load.rate-per-second"), "load.rate-per-second"),
                    check.integer(check.required(fields, "ramp-seconds", node, "load.ramp-seconds"), "load.ramp-seconds", 0, 86_400),
                    check.integer(check.required(fields, "hold-seconds", node, "load.hold-seconds"), "load.hold-seconds", 1, 86_400));
            long budgetMs = check.optional(fields, "budget-ms", n -> check.integer(n, "load.budget-ms")).orElse(2000L);
            LoadSpec.Deadline deadline = new LoadSpec.Deadline(budgetMs,
                    check.optional(fields, "budget-header", n -> check.text(n, "load.budget-header")).orElse(LoadSpec.Deadline.DEFAULT_HEADER),
                    check.optional(fields, "client-timeout-ms", n -> check.integer(n, "load.client-timeout-ms"))
                            .orElse(budgetMs + 3000),
                    check.optional(fields, "request-id-header", n -> check.text(n, "load.request-id-header"))
                            .orElse(LoadSpec.Deadline.DEFAULT_REQUEST_ID_HEADER));
            LoadSpec.GatlingBounds bounds = new LoadSpec.GatlingBounds(
                    check.optional(fields, "max-p99-ms", n -> check.integer(n, "load.max-p99-ms")).orElse(budgetMs),
                    check.optional(fields, "max-error-percent", n -> check.number(n, "load.max-error-percent")).orElse(1.0));
            LoadSpec.Warmup warmup = check.optional(fields, "warmup", n -> warmup(check, n)).orElse(LoadSpec.Warmup.NONE);
            return new LoadSpec(entry, simulation, request, model, deadline, bounds, success, warmup, seed);
        } catch (IllegalArgumentException e) {
            throw check.error(node, "load", e.getMessage());
        }
    }

    private static LoadSpec.Warmup warmup(YamlChecker check, YamlNode node) {
        Map<String, YamlNode> fields = check.mapping(node, "load.warmup", WARMUP_FIELDS);
        return new LoadSpec.Warmup(
                check.optional(fields, "requests", n -> check.integer(n, "load.warmup.requests", 0, 100_000)).orElse(0),
                check.optional(fields, "concurrency", n -> check.integer(n, "load.warmup.concurrency", 1, 64))
                        .orElse(LoadSpec.Warmup.DEFAULT_CONCURRENCY),
                check.optional(fields, "request", n -> DeclaredRequestLoad.request(check, "load.warmup.request", n)));
    }

    private static List<Integer> statuses(YamlChecker check, YamlNode node) {
        List<Integer> statuses = new ArrayList<>();
        for (String value : check.texts(node, "load.success")) {
            try {
                int status = Integer.parseInt(value);
                if (status < 100 || status > 599) {
                    throw new NumberFormatException();
                }
                statuses.add(status);
            } catch (NumberFormatException e) {
                throw check.error(node, "load.success", "must be HTTP statuses such as [201], was '" + value + "'");
            }
        }
        return statuses;
    }

    /** {@code maxP99Ms} and {@code budgetMs}: the load's, from which the latency thresholds default. */
    private static CheckSpec checks(YamlChecker check, YamlNode node, SystemSpec system, long maxP99Ms, long budgetMs) {
        Map<String, YamlNode> fields = new LinkedHashMap<>(node == null ? Map.of() : check.mapping(node, "checks"));
        YamlErrors errors = new YamlErrors();
        YamlNode movedSlo = fields.remove("slo-p99-ms");
        if (movedSlo != null) {
            errors.check(() -> {
                throw check.error(movedSlo, "checks.slo-p99-ms", "the SLO has one place: write it as checks.thresholds.slo-p99-ms");
            });
        }
        errors.check(() -> check.onlyKnown(fields, "checks", CHECK_FIELDS));
        CheckThresholds thresholds = CheckThresholds.defaults(maxP99Ms, budgetMs);
        Map<String, YamlNode> given = fields.containsKey("thresholds")
                ? errors.attempt(() -> check.mapping(fields.get("thresholds"), "checks.thresholds")).orElse(Map.of()) : Map.of();
        for (Map.Entry<String, YamlNode> entry : given.entrySet()) {
            CheckThresholds before = thresholds;
            thresholds = errors.attempt(() -> threshold(check, before, entry.getKey(), entry.getValue())).orElse(before);
        }
        List<DuplicateSubject> duplicates = new ArrayList<>();
        if (fields.containsKey("duplicates")) {
            List<YamlNode> items = errors.attempt(() -> check.list(fields.get("duplicates"), "checks.duplicates")).orElse(List.of());
            for (int i = 0; i < items.size(); i++) {
                String where = "checks.duplicates[" + (i + 1) + "]";
                YamlNode item = items.get(i);
                errors.attempt(() -> duplicate(check, where, item, system)).ifPresent(duplicates::add);
            }
        }
        List<DeadlineSubject> deadlines = new ArrayList<>();
        if (fields.containsKey("deadlines")) {
            for (String link : errors.attempt(() -> check.texts(fields.get("deadlines"), "checks.deadlines")).orElse(List.of())) {
                errors.attempt(() -> deadline(check, fields.get("deadlines"), link, system)).ifPresent(deadlines::add);
            }
        }
        List<ConnectionSubject> connections = new ArrayList<>();
        if (fields.containsKey("connections")) {
            for (String link : errors.attempt(() -> check.texts(fields.get("connections"), "checks.connections")).orElse(List.of())) {
                errors.attempt(() -> link(check, fields.get("connections"), "checks.connections", link, system))
                        .ifPresent(ends -> connections.add(new ConnectionSubject(ends[0], ends[1])));
            }
        }
        List<String> jvms = errors.attempt(() -> check.optional(fields, "jvms", n -> check.texts(n, "checks.jvms"))
                .orElse(List.<String>of())).orElse(List.of());
        for (String service : jvms) {
            if (!system.services().containsKey(service)) {
                errors.check(() -> {
                    throw check.error(fields.get("jvms"), "checks.jvms", "system '" + system.name() + "' has no service '"
                            + service + "'; it has " + system.services().keySet());
                });
            }
        }
        List<CompletionSubject> completion = errors.attempt(() -> check.optional(fields, "completion",
                n -> List.of(completion(check, "checks.completion", n, system))).orElse(List.of())).orElse(List.of());
        errors.check(() -> oneQueryPerDatabase(check, node, duplicates, completion));
        errors.throwIfAny();
        return new CheckSpec(thresholds, duplicates, deadlines, jvms, completion, connections);
    }

    /** Rows are recorded once per database: two checks that read one must read it with the same query. */
    private static void oneQueryPerDatabase(YamlChecker check, YamlNode node, List<DuplicateSubject> duplicates,
                                            List<CompletionSubject> completion) {
        Map<String, JdbcQuery> bySource = new java.util.LinkedHashMap<>();
        java.util.stream.Stream.concat(duplicates.stream().flatMap(d -> d.effectsQuery().stream()),
                completion.stream().flatMap(c -> c.query().stream())).forEach(query -> {
                    JdbcQuery first = bySource.putIfAbsent(query.source(), query);
                    if (first != null && !first.query().equals(query.query())) {
                        throw check.error(node, "checks", query.field() + " and " + first.field() + " read "
                                + query.source() + " with different queries; give them one query with every column they read");
                    }
                });
    }

    private static CheckThresholds threshold(YamlChecker check, CheckThresholds thresholds, String key, YamlNode value) {
        String where = "checks.thresholds." + key;
        try {
            return thresholds.withFileKey(key, check.scalar(value, where));
        } catch (IllegalArgumentException e) {
            throw check.error(value, where, e.getMessage());
        }
    }

    /**
     * The headers the fault proxy reads on HTTP links: {@code checks.wire-headers} when given; else
     * the load's budget header (then the default one) and {@code traceparent} then the load's
     * request-id header.
     */
    private static WireHeaders wireHeaders(YamlChecker check, YamlNode checksNode, LoadSpec load) {
        Map<String, YamlNode> checks = checksNode == null ? Map.of() : check.mapping(checksNode, "checks");
        Map<String, YamlNode> fields = checks.containsKey("wire-headers")
                ? check.mapping(checks.get("wire-headers"), "checks.wire-headers", WIRE_HEADER_FIELDS) : Map.of();
        List<String> budget = check.optional(fields, "budget", n -> check.texts(n, "checks.wire-headers.budget"))
                .orElse(List.copyOf(new LinkedHashSet<>(List.of(load.budgetHeader(), LoadSpec.Deadline.DEFAULT_HEADER))));
        List<String> correlation = check.optional(fields, "correlation",
                n -> check.texts(n, "checks.wire-headers.correlation"))
                .orElse(List.copyOf(new LinkedHashSet<>(List.of("traceparent", load.requestIdHeader()))));
        try {
            return new WireHeaders(budget, correlation);
        } catch (IllegalArgumentException e) {
            throw check.error(checks.get("wire-headers"), "checks.wire-headers", e.getMessage());
        }
    }

    private static DuplicateSubject duplicate(YamlChecker check, String where, YamlNode node, SystemSpec system) {
        Map<String, YamlNode> fields = check.mapping(node, where, DUPLICATE_FIELDS);
        YamlNode groupNode = check.required(fields, "group", node, where + ".group");
        String group = check.text(groupNode, where + ".group");
        if (!system.groups().containsKey(group)) {
            throw check.error(groupNode, where + ".group", "no service of system '" + system.name()
                    + "' belongs to group '" + group + "'; groups: " + system.groups().keySet());
        }
        RecordSelector sourceTopic = selector(check, where + ".source", check.required(fields, "source", node,
                where + ".source"), system);
        YamlNode effectsNode = check.required(fields, "effects", node, where + ".effects");
        boolean fromRows = check.mapping(effectsNode, where + ".effects").containsKey("jdbc");
        Optional<JdbcQuery> query = fromRows ? Optional.of(jdbcQuery(check, where + ".effects", effectsNode, system))
                : Optional.empty();
        RecordSelector effects = query.isPresent() ? rowSelector(check, where + ".effects", effectsNode, query.get())
                : selector(check, where + ".effects", effectsNode, system);
        String expected = check.optional(fields, "expected", n -> check.text(n, where + ".expected"))
                .orElse(DuplicateSubject.FROM_RESPONSES);
        try {
            return new DuplicateSubject(group, sourceTopic, effects, expected,
                    check.optional(fields, "member", n -> pointer(check, n, where + ".member", fromRows)).orElse(""),
                    check.optional(fields, "generation", n -> pointer(check, n, where + ".generation", fromRows)).orElse(""),
                    query);
        } catch (IllegalArgumentException e) {
            throw check.error(fields.getOrDefault("expected", node), where + ".expected", e.getMessage());
        }
    }

    private static RecordSelector selector(YamlChecker check, String where, YamlNode node, SystemSpec system) {
        Map<String, YamlNode> fields = check.mapping(node, where, SELECTOR_FIELDS);
        String topic = topic(check, where, node, fields, system);
        String pointer = "";
        String equals = "";
        if (fields.containsKey("where")) {
            Map<String, String> where2 = check.strings(fields.get("where"), where + ".where");
            if (where2.size() != 1) {
                throw check.error(fields.get("where"), where + ".where", "must hold one /pointer: value pair");
            }
            pointer = where2.keySet().iterator().next();
            equals = where2.get(pointer);
        }
        try {
            return new RecordSelector(topic, check.text(check.required(fields, "key", node, where + ".key"), where + ".key"),
                    check.optional(fields, "id", n -> check.text(n, where + ".id")).orElse(""), pointer, equals);
        } catch (IllegalArgumentException e) {
            throw check.error(node, where, e.getMessage());
        }
    }

    /**
     * {@code {jdbc: {service, protocol, database, user, password, query}, key, id, time}}: effects that
     * are the rows of a query on a database service of the system, read after the drain.
     */
    private static JdbcQuery jdbcQuery(YamlChecker check, String where, YamlNode node, SystemSpec system) {
        Map<String, YamlNode> outer = check.mapping(node, where, JDBC_EFFECT_FIELDS);
        return jdbc(check, where + ".jdbc", outer.get("jdbc"), system, where,
                check.optional(outer, "time", n -> column(check, n, where + ".time")));
    }

    /** {@code {service, protocol, database, user, password, query}}; {@code owner} is the field it belongs to, for messages. */
    private static JdbcQuery jdbc(YamlChecker check, String field, YamlNode jdbcNode, SystemSpec system, String owner,
                                  Optional<String> timeColumn) {
        Map<String, YamlNode> fields = check.mapping(jdbcNode, field, JDBC_FIELDS);
        String service = service(check, fields, jdbcNode, field, system);
        YamlNode queryNode = check.required(fields, "query", jdbcNode, field + ".query");
        String query = check.text(queryNode, field + ".query").strip();
        if (!query.toLowerCase(java.util.Locale.ROOT).matches("(?s)(select|with)\\b.*")) {
            throw check.error(queryNode, field + ".query", "must be a query (select ... or with ...), was '" + query + "'");
        }
        if (query.endsWith(";")) {
            throw check.error(queryNode, field + ".query", "must not end with ';' (it is run as a subquery)");
        }
        return new JdbcQuery(owner, service,
                check.optional(fields, "protocol", n -> check.text(n, field + ".protocol")).orElse(JdbcQuery.POSTGRESQL),
                check.text(check.required(fields, "database", jdbcNode, field + ".database"), field + ".database"),
                check.text(check.required(fields, "user", jdbcNode, field + ".user"), field + ".user"),
                check.optional(fields, "password", n -> check.scalar(n, field + ".password")).orElse(""),
                query, timeColumn);
    }

    /** The selector of a query's rows: {@code key} and {@code id} are column labels. */
    private static RecordSelector rowSelector(YamlChecker check, String where, YamlNode node, JdbcQuery query) {
        Map<String, YamlNode> fields = check.mapping(node, where, JDBC_EFFECT_FIELDS);
        String key = "/" + column(check, check.required(fields, "key", node, where + ".key"), where + ".key");
        String id = check.optional(fields, "id", n -> "/" + column(check, n, where + ".id")).orElse("");
        return new RecordSelector(query.source(), key, id, "", "");
    }

    /** A column label as the driver reports it ({@code transfer_id}); a leading {@code /} is allowed. */
    private static String column(YamlChecker check, YamlNode node, String where) {
        String column = check.text(node, where);
        column = column.startsWith("/") ? column.substring(1) : column;
        if (!column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw check.error(node, where, "must be a column of the query, such as transfer_id; was '" + column + "'");
        }
        return column;
    }

    /**
     * {@code {topic, id, where: {/pointer: value | [values] | {not: value | [values]}}, settle-seconds}}:
     * where each accepted request's final state appears.
     */
    private static CompletionSubject completion(YamlChecker check, String where, YamlNode node, SystemSpec system) {
        Map<String, YamlNode> fields = check.mapping(node, where, COMPLETION_FIELDS);
        long sources = java.util.stream.Stream.of("topic", "http", "jdbc").filter(fields::containsKey).count();
        if (sources != 1) {
            throw check.error(node, where, "give one of topic (with id), http or jdbc (with id): where the final states are read");
        }
        boolean fromRows = fields.containsKey("jdbc");
        List<CompletionSubject.Condition> conditions = new ArrayList<>();
        if (fields.containsKey("where")) {
            for (Map.Entry<String, YamlNode> entry : check.mapping(fields.get("where"), where + ".where").entrySet()) {
                String pointer = fromRows && !entry.getKey().startsWith("/") ? "/" + entry.getKey() : entry.getKey();
                conditions.add(condition(check, where + ".where." + entry.getKey(), pointer, entry.getValue()));
            }
        }
        long settleMs = 1000L * check.optional(fields, "settle-seconds", n -> check.integer(n, where + ".settle-seconds", 0, 600))
                .orElse(DEFAULT_SETTLE_SECONDS);
        if (fromRows) {
            JdbcQuery query = jdbc(check, where + ".jdbc", fields.get("jdbc"), system, where, Optional.empty());
            String idColumn = column(check, check.required(fields, "id", node, where + ".id"), where + ".id");
            return CompletionSubject.fromQuery(query, idColumn, conditions, settleMs);
        }
        if (fields.containsKey("http")) {
            return finalRead(check, where + ".http", fields.get("http"), system, conditions, settleMs);
        }
        String topic = topic(check, where, node, fields, system);
        YamlNode idNode = check.required(fields, "id", node, where + ".id");
        try {
            return new CompletionSubject(topic, check.text(idNode, where + ".id"), conditions, settleMs);
        } catch (IllegalArgumentException e) {
            throw check.error(idNode, where + ".id", e.getMessage());
        }
    }

    /** The required {@code service} field of {@code where}: a service the system declares. */
    private static String service(YamlChecker check, Map<String, YamlNode> fields, YamlNode node, String where,
                                  SystemSpec system) {
        YamlNode serviceNode = check.required(fields, "service", node, where + ".service");
        String service = check.text(serviceNode, where + ".service");
        if (!system.services().containsKey(service)) {
            throw check.error(serviceNode, where + ".service", "system '" + system.name() + "' has no service '" + service
                    + "'; it has " + system.services().keySet());
        }
        return service;
    }

    /** {@code {service, path}}: the final states come from {@code GET path} on the service, {@code {id}} in the path. */
    private static CompletionSubject finalRead(YamlChecker check, String where, YamlNode node, SystemSpec system,
                                               List<CompletionSubject.Condition> conditions, long settleMs) {
        Map<String, YamlNode> fields = check.mapping(node, where, FINAL_READ_FIELDS);
        String service = service(check, fields, node, where, system);
        YamlNode pathNode = check.required(fields, "path", node, where + ".path");
        String path = check.text(pathNode, where + ".path");
        if (!path.startsWith("/") || !path.contains("{id}")) {
            throw check.error(pathNode, where + ".path", "must be a path with {id} in it, e.g. /items/{id}; was '" + path + "'");
        }
        return CompletionSubject.fromHttp(service, path, conditions, settleMs);
    }

    private static CompletionSubject.Condition condition(YamlChecker check, String where, String pointer, YamlNode node) {
        boolean not = false;
        YamlNode values = node;
        if (node.isMapping()) {
            Map<String, YamlNode> fields = check.mapping(node, where, Set.of("not"));
            values = check.required(fields, "not", node, where + ".not");
            not = true;
        }
        List<String> accepted = values.isList() ? check.texts(values, where) : List.of(check.scalar(values, where));
        try {
            return new CompletionSubject.Condition(pointer, accepted, not);
        } catch (IllegalArgumentException e) {
            throw check.error(node, where, e.getMessage());
        }
    }

    /** The required {@code topic} field: a topic the system declares. */
    private static String topic(YamlChecker check, String where, YamlNode node, Map<String, YamlNode> fields, SystemSpec system) {
        YamlNode topicNode = check.required(fields, "topic", node, where + ".topic");
        String topic = check.text(topicNode, where + ".topic");
        if (!system.hasTopic(topic)) {
            throw check.error(topicNode, where + ".topic", "system '" + system.name() + "' declares no topic '" + topic
                    + "'; it has " + system.topics().stream().map(t -> t.name()).toList());
        }
        return topic;
    }

    /** A JSON pointer; of effects that are a query's rows, a column (a pointer into the row). */
    private static String pointer(YamlChecker check, YamlNode node, String where, boolean column) {
        return column ? "/" + column(check, node, where) : pointer(check, node, where);
    }

    private static String pointer(YamlChecker check, YamlNode node, String where) {
        String value = check.text(node, where);
        if (!value.startsWith("/")) {
            throw check.error(node, where, "must be a JSON pointer such as /instanceId, was '" + value + "'");
        }
        return value;
    }

    private static DeadlineSubject deadline(YamlChecker check, YamlNode node, String link, SystemSpec system) {
        String[] ends = link(check, node, "checks.deadlines", link, system);
        return new DeadlineSubject(ends[0], ends[1]);
    }

    /** {@code <caller>-><callee>}, two services of the system, the first wired to call the second. */
    private static String[] link(YamlChecker check, YamlNode node, String where, String link, SystemSpec system) {
        String[] ends = link.split("->");
        if (ends.length != 2) {
            throw check.error(node, where, "'" + link + "' is not a link <caller>-><callee>");
        }
        for (String service : ends) {
            if (!system.services().containsKey(service)) {
                throw check.error(node, where, "'" + link + "' names no service '" + service + "' of system '"
                        + system.name() + "'; it has " + system.services().keySet());
            }
        }
        if (!system.service(ends[0]).callees().contains(ends[1])) {
            throw check.error(node, where, ends[0] + " does not call " + ends[1]
                    + " (its wiring names no ${urls:" + ends[1] + "}, ${url:" + ends[1] + "-N} or ${addr:" + ends[1] + "-N})");
        }
        return ends;
    }

    /** Each section's keys, by its path in the file: the reference's key tables are held to them (YamlKeysDocTest). */
    public static Map<String, Set<String>> keysBySection() {
        return YamlSections.of("(top)", FIELDS, "services.<name>", SERVICE_FIELDS, "load", LOAD_FIELDS,
                "load.warmup", WARMUP_FIELDS, "checks", CHECK_FIELDS, "checks.completion", COMPLETION_FIELDS,
                "checks.completion.http", FINAL_READ_FIELDS, "checks.wire-headers", WIRE_HEADER_FIELDS,
                "checks.duplicates[]", DUPLICATE_FIELDS, "checks.duplicates[].source", SELECTOR_FIELDS,
                "checks.duplicates[].effects (rows)", JDBC_EFFECT_FIELDS, "jdbc", JDBC_FIELDS);
    }
}
