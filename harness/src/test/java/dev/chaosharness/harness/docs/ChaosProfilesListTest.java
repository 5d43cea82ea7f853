package dev.chaosharness.harness.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** chaos-profiles/README.md's table names every profile file in that folder, and no other. */
class ChaosProfilesListTest {

    @Test
    void theTableNamesEveryProfileFileAndNoOther() throws IOException {
        Path folder = MarkdownFile.ROOT.resolve("chaos-profiles");
        List<String> files;
        try (Stream<Path> yaml = Files.list(folder)) {
            files = yaml.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
        MarkdownFile readme = MarkdownFile.read(folder.resolve("README.md"));
        List<String> listed = new java.util.ArrayList<>();
        for (List<String> row : readme.table("chaos-profiles/")) {
            Matcher name = Pattern.compile("`([a-z0-9-]+)`").matcher(row.get(0));
            while (name.find()) {
                listed.add(name.group(1));
            }
        }

        assertThat(files).as("profile files").hasSizeGreaterThan(10);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
    }
}
