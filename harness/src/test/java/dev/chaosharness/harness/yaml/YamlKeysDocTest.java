package dev.chaosharness.harness.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.harness.chaos.ChaosProfileParser;
import dev.chaosharness.harness.environment.attach.AttachFileParser;
import dev.chaosharness.harness.experiment.ExperimentFileParser;
import dev.chaosharness.harness.load.DeclaredRequestLoad;
import dev.chaosharness.harness.system.SystemFileParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every key a file parser takes is in the reference for that file, as ThresholdTest holds the
 * thresholds: named in backticks, or as a key of a YAML example. A key added to a parser and not
 * documented fails here, named with its section.
 */
class YamlKeysDocTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void everyExperimentFileKeyIsDocumented() {
        assertDocumented(ExperimentFileParser.keysBySection(), "experiment-file.md", "databases.md");
        assertDocumented(DeclaredRequestLoad.keysBySection(), "experiment-file.md");
    }

    @Test
    void everySystemFileKeyIsDocumented() {
        assertDocumented(SystemFileParser.keysBySection(), "system-file.md", "databases.md");
    }

    @Test
    void everyFaultProfileKeyIsDocumented() {
        assertDocumented(ChaosProfileParser.keysBySection(), "fault-profiles.md");
    }

    @Test
    void everyAttachFileKeyIsDocumented() {
        assertDocumented(AttachFileParser.keysBySection(), "attach.md");
    }

    @Test
    void aKeyMissingFromTheReferenceIsFound() {
        assertThat(undocumented(Map.of("load", Set.of("rate-per-second", "no-such-key")), "experiment-file.md"))
                .containsExactly("load.no-such-key");
    }

    private static void assertDocumented(Map<String, Set<String>> keysBySection, String... docs) {
        assertThat(undocumented(keysBySection, docs)).as("keys missing from " + String.join(", ", docs)).isEmpty();
    }

    private static List<String> undocumented(Map<String, Set<String>> keysBySection, String... docs) {
        String text = Stream.of(docs).map(YamlKeysDocTest::read).collect(Collectors.joining("\n"));
        List<String> missing = new ArrayList<>();
        keysBySection.forEach((section, keys) -> keys.stream().sorted()
                .filter(key -> !documented(text, key)).forEach(key -> missing.add(section + "." + key)));
        return missing;
    }

    private static boolean documented(String text, String key) {
        String quoted = Pattern.quote(key);
        return Pattern.compile("`[^`\\n]*(?<![\\w-])" + quoted + "(?![\\w-])[^`\\n]*`").matcher(text).find()
                || Pattern.compile("(?m)(^\\s*(- )?|[{,]\\s*)" + quoted + ":").matcher(text).find();
    }

    private static String read(String doc) {
        try {
            return Files.readString(DOCS.resolve(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
