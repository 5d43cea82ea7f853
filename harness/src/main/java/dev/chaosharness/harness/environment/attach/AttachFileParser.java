package dev.chaosharness.harness.environment.attach;

import dev.chaosharness.harness.yaml.YamlSections;
import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlDocument;
import dev.chaosharness.harness.yaml.YamlErrors;
import dev.chaosharness.harness.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads an attach file; every mistake of the file is named at once, each with its line. */
public final class AttachFileParser {

    private static final Set<String> FIELDS = Set.of("kafka", "fault-proxy", "links", "services");
    private static final Set<String> SERVICE_FIELDS = Set.of("instances", "properties", "commands", "kubernetes");
    private static final Set<String> INSTANCE_FIELDS = Set.of("http", "jmx");
    private static final Set<String> COMMAND_FIELDS = Set.of("kill", "pause", "resume", "stop", "start", "timeout-seconds");
    private static final Set<String> KUBERNETES_FIELDS = Set.of("namespace", "selector");
    private static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 60;

    private AttachFileParser() {
    }

    public static AttachFile read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("harness.runtime=attach: no attach file at " + absolute
                    + " (name one with -Dharness.attach=<file>, or put attach.yaml beside the system file)");
        }
        try {
            return parse(absolute, Files.readString(absolute));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attach file " + absolute, e);
        }
    }

    public static AttachFile parse(Path file, String yaml) {
        YamlNode root = YamlDocument.read(file.toString(), yaml);
        YamlChecker check = new YamlChecker(file.toString());
        Map<String, YamlNode> fields = check.mapping(root, "", FIELDS);
        YamlErrors errors = new YamlErrors();
        Optional<AttachFile.Address> kafka = errors.attempt(() -> address(check, check.required(fields, "kafka", root), "kafka"));
        Optional<AttachFile.Address> proxy = errors.attempt(() ->
                address(check, check.required(fields, "fault-proxy", root), "fault-proxy"));
        Map<String, AttachFile.Routed> links = new LinkedHashMap<>();
        if (fields.containsKey("links")) {
            for (Map.Entry<String, YamlNode> link : errors.attempt(() -> check.mapping(fields.get("links"), "links"))
                    .orElse(Map.of()).entrySet()) {
                errors.attempt(() -> check.text(link.getValue(), "links." + link.getKey()))
                        .ifPresent(name -> links.put(link.getKey(), new AttachFile.Routed(name, link.getValue().line())));
            }
        }
        Map<String, AttachFile.AttachedService> services = new LinkedHashMap<>();
        Optional<YamlNode> servicesNode = errors.attempt(() -> check.required(fields, "services", root));
        for (Map.Entry<String, YamlNode> entry : servicesNode.flatMap(n -> errors.attempt(() -> check.mapping(n, "services")))
                .orElse(Map.of()).entrySet()) {
            errors.attempt(() -> service(check, entry.getKey(), entry.getValue()))
                    .ifPresent(service -> services.put(service.name(), service));
        }
        errors.throwIfAny();
        return new AttachFile(file, kafka.orElseThrow(), proxy.orElseThrow(), links, services);
    }

    private static AttachFile.AttachedService service(YamlChecker check, String name, YamlNode node) {
        String where = "services." + name;
        Map<String, YamlNode> fields = check.mapping(node, where, SERVICE_FIELDS);
        YamlErrors errors = new YamlErrors();
        Map<String, AttachFile.Instance> instances = new LinkedHashMap<>();
        Optional<YamlNode> instancesNode = errors.attempt(() -> check.required(fields, "instances", node, where + ".instances"));
        for (Map.Entry<String, YamlNode> entry : instancesNode.flatMap(n -> errors.attempt(() -> check.mapping(n, where + ".instances")))
                .orElse(Map.of()).entrySet()) {
            String at = where + ".instances." + entry.getKey();
            errors.attempt(() -> {
                Map<String, YamlNode> instance = entry.getValue().isEmpty() ? Map.of()
                        : check.mapping(entry.getValue(), at, INSTANCE_FIELDS);
                return new AttachFile.Instance(entry.getKey(), entry.getValue().line(),
                        check.optional(instance, "http", n -> address(check, n, at + ".http")),
                        check.optional(instance, "jmx", n -> address(check, n, at + ".jmx")));
            }).ifPresent(instance -> instances.put(instance.name(), instance));
        }
        Map<String, String> properties = errors.attempt(() -> check.optional(fields, "properties",
                n -> check.strings(n, where + ".properties")).orElse(Map.of())).orElse(Map.of());
        Optional<AttachFile.Commands> commands = fields.containsKey("commands")
                ? errors.attempt(() -> commands(check, where + ".commands", fields.get("commands"))) : Optional.empty();
        Optional<AttachFile.Kubernetes> kubernetes = fields.containsKey("kubernetes")
                ? errors.attempt(() -> kubernetes(check, where + ".kubernetes", fields.get("kubernetes"))) : Optional.empty();
        if (fields.containsKey("commands") && fields.containsKey("kubernetes")) {
            errors.check(() -> {
                throw check.error(fields.get("kubernetes"), where, "acts on its instances through commands or kubernetes, not both");
            });
        }
        errors.throwIfAny();
        return new AttachFile.AttachedService(name, node.line(), instances, properties, commands, kubernetes);
    }

    private static AttachFile.Commands commands(YamlChecker check, String where, YamlNode node) {
        Map<String, YamlNode> fields = check.mapping(node, where, COMMAND_FIELDS);
        YamlErrors errors = new YamlErrors();
        Map<String, String> lines = new LinkedHashMap<>();
        for (String name : AttachFile.Commands.NAMES) {
            errors.attempt(() -> check.text(check.required(fields, name, node, where + "." + name), where + "." + name))
                    .ifPresent(line -> lines.put(name, line));
        }
        int timeout = errors.attempt(() -> check.optional(fields, "timeout-seconds",
                n -> check.integer(n, where + ".timeout-seconds", 1, 600)).orElse(DEFAULT_COMMAND_TIMEOUT_SECONDS))
                .orElse(DEFAULT_COMMAND_TIMEOUT_SECONDS);
        errors.throwIfAny();
        return new AttachFile.Commands(lines.get("kill"), lines.get("pause"), lines.get("resume"), lines.get("stop"),
                lines.get("start"), timeout);
    }

    private static AttachFile.Kubernetes kubernetes(YamlChecker check, String where, YamlNode node) {
        Map<String, YamlNode> fields = check.mapping(node, where, KUBERNETES_FIELDS);
        YamlErrors errors = new YamlErrors();
        Optional<String> namespace = errors.attempt(() -> check.text(check.required(fields, "namespace", node, where + ".namespace"),
                where + ".namespace"));
        Optional<String> selector = errors.attempt(() -> check.text(check.required(fields, "selector", node, where + ".selector"),
                where + ".selector"));
        errors.throwIfAny();
        return new AttachFile.Kubernetes(namespace.orElseThrow(), selector.orElseThrow());
    }

    /** {@code host:port}. */
    static AttachFile.Address address(YamlChecker check, YamlNode node, String field) {
        String text = check.text(node, field);
        int colon = text.lastIndexOf(':');
        try {
            int port = colon < 1 ? -1 : Integer.parseInt(text.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new AttachFile.Address(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw check.error(node, field, "must be host:port, was '" + text + "'");
        }
    }

    /** Each section's keys, by its path in the file: the reference's key tables are held to them (YamlKeysDocTest). */
    public static Map<String, Set<String>> keysBySection() {
        return YamlSections.of("(top)", FIELDS, "services.<name>", SERVICE_FIELDS,
                "services.<name>.instances.<name>", INSTANCE_FIELDS, "services.<name>.commands", COMMAND_FIELDS,
                "services.<name>.kubernetes", KUBERNETES_FIELDS);
    }
}
