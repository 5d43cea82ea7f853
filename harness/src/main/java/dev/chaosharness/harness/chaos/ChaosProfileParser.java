package dev.chaosharness.harness.chaos;

import dev.chaosharness.harness.yaml.YamlSections;
import dev.chaosharness.harness.chaos.action.FaultAction;
import dev.chaosharness.harness.chaos.action.FaultActions;
import dev.chaosharness.harness.chaos.action.Param;
import dev.chaosharness.harness.system.Topology;
import dev.chaosharness.harness.yaml.YamlChecker;
import dev.chaosharness.harness.yaml.YamlDocument;
import dev.chaosharness.harness.yaml.YamlErrors;
import dev.chaosharness.harness.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * Reads a chaos profile (YAML, parsed by Jackson) and checks all of it before anything runs:
 * unknown fields and actions, missing or unknown targets, bad values and bad durations are
 * reported as {@code file:line: field: message}. Targets are checked against a {@link Topology}.
 */
public final class ChaosProfileParser {

    private static final Set<String> PROFILE_FIELDS = Set.of("name", "description", "seed", "timeline");
    private static final Set<String> WINDOW_FIELDS = Set.of("at", "duration", "action", "target", "params");

    private final Topology topology;

    public ChaosProfileParser(Topology topology) {
        this.topology = topology;
    }

    public ChaosProfile parse(Path file) {
        return parse(file, OptionalLong.empty());
    }

    /** With {@code seed}, the profile's own seed is replaced: an experiment that sets one fixes every random choice. */
    public ChaosProfile parse(Path file, OptionalLong seed) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read chaos profile " + file, e);
        }
    }

    public ChaosProfile parse(String source, String yaml) {
        return parse(source, yaml, OptionalLong.empty());
    }

    public ChaosProfile parse(String source, String yaml, OptionalLong seedOverride) {
        YamlNode root = YamlDocument.read(source, yaml);
        YamlChecker check = new YamlChecker(source);
        Map<String, YamlNode> fields = check.mapping(root, "(profile)");
        YamlErrors errors = new YamlErrors();
        errors.check(() -> check.onlyKnown(fields, PROFILE_FIELDS));
        Optional<String> name = errors.attempt(() -> {
            String value = check.text(check.required(fields, "name", root), "name");
            if (!value.matches("[a-z0-9][a-z0-9-]*")) {
                throw check.error(fields.get("name"), "name", "must be lower-kebab-case, was '" + value + "'");
            }
            return value;
        });
        Optional<String> description = errors.attempt(() -> check.text(check.required(fields, "description", root), "description"));
        long seed = seedOverride.orElse(errors.attempt(() -> fields.containsKey("seed") ? check.integer(fields.get("seed"), "seed")
                : 1L).orElse(1L));
        Optional<YamlNode> timelineNode = errors.attempt(() -> {
            YamlNode node = check.required(fields, "timeline", root);
            if (!node.isList()) {
                throw check.error(node, "timeline", "must be a list of fault windows");
            }
            return node;
        });
        Random random = new Random(seed);
        List<FaultWindow> windows = new ArrayList<>();
        List<YamlNode> items = timelineNode.map(YamlNode::items).orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            int index = i + 1;
            errors.attempt(() -> window(check, index, items.get(index - 1), random)).ifPresent(windows::add);
        }
        errors.throwIfAny();
        return new ChaosProfile(name.orElseThrow(), description.orElseThrow(), seed, windows, source);
    }

    private FaultWindow window(YamlChecker check, int index, YamlNode node, Random random) {
        String where = "timeline[" + index + "]";
        Map<String, YamlNode> fields = check.mapping(node, where);
        check.onlyKnown(fields, WINDOW_FIELDS);
        Duration at = check.duration(check.required(fields, "at", node), where + ".at", true);
        Duration duration = check.duration(check.required(fields, "duration", node), where + ".duration", false);
        YamlNode actionNode = check.required(fields, "action", node);
        String actionName = check.text(actionNode, where + ".action");
        FaultAction action = FaultActions.byName(actionName).orElseThrow(() -> check.error(actionNode, where + ".action",
                "unknown action '" + actionName + "'; known: " + FaultActions.names()));
        YamlNode targetNode = check.required(fields, "target", node);
        String target = check.text(targetNode, where + ".target");
        List<String> resolved;
        try {
            resolved = action.targetKind() == FaultAction.TargetKind.LINK ? topology.resolveLinks(target, random)
                    : topology.resolveInstances(target, random);
        } catch (IllegalArgumentException e) {
            throw check.error(targetNode, where + ".target", e.getMessage());
        }
        Map<String, String> params = params(check, fields.get("params"), action, where + ".params", node);
        return new FaultWindow(index, node.line(), at, duration, actionName, target, resolved, params);
    }

    private Map<String, String> params(YamlChecker check, YamlNode node, FaultAction action, String where, YamlNode window) {
        Map<String, YamlNode> given = node == null ? Map.of() : check.mapping(node, where);
        Map<String, Param> known = new LinkedHashMap<>();
        action.params().forEach(p -> known.put(p.name(), p));
        for (Map.Entry<String, YamlNode> entry : given.entrySet()) {
            if (!known.containsKey(entry.getKey())) {
                throw check.error(entry.getValue(), where + "." + entry.getKey(), "unknown parameter of action '"
                        + action.name() + "'; known: " + known.keySet());
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Param param : known.values()) {
            YamlNode value = given.get(param.name());
            if (value == null) {
                params.put(param.name(), param.defaultValue().orElseThrow(() -> check.error(node == null ? window : node,
                        where + "." + param.name(), "is required by action '" + action.name() + "'")));
                continue;
            }
            try {
                params.put(param.name(), param.check(check.scalar(value, where + "." + param.name())));
            } catch (IllegalArgumentException e) {
                throw check.error(value, where + "." + param.name(), e.getMessage());
            }
        }
        return params;
    }

    /** Each section's keys, by its path in the file: the reference's key tables are held to them (YamlKeysDocTest). */
    public static Map<String, Set<String>> keysBySection() {
        return YamlSections.of("(top)", PROFILE_FIELDS, "timeline[]", WINDOW_FIELDS);
    }
}
