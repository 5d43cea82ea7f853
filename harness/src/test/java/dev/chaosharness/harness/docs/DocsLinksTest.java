package dev.chaosharness.harness.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and the docs hold together: every relative link reaches a file that is there, every
 * {@code #anchor} into a Markdown file a heading of it (GitHub's anchors), and the README stays short.
 */
class DocsLinksTest {

    /** Besides README.md and docs/*.md: the other READMEs, where they exist. */
    private static final List<String> OTHER_READMES = List.of("harness/README.md", "chaos-profiles/README.md",
            "fault-proxy/README.md", "examples/kubernetes/README.md", "reports/README.md");

    static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(MarkdownFile.ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(MarkdownFile.ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        OTHER_READMES.stream().map(MarkdownFile.ROOT::resolve).filter(Files::isRegularFile).forEach(files::add);
        return files;
    }

    @Test
    void everyRelativeLinkReachesAFileAndEveryAnchorAHeading() throws IOException {
        List<String> checked = new ArrayList<>();
        List<String> broken = brokenLinks(markdownFiles(), checked);

        assertThat(checked).as("relative links checked").hasSizeGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void aMissingFileAndAMissingHeadingAreCaught(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.md"), String.join("\n", "# A", "", "## Is here", "",
                "[ok](b.md#the-b-part) [ok](#is-here) [ok](https://example.org/x.md) `[not a link](gone.md)`",
                "[gone](gone.md) [wrong anchor](b.md#no-such-part) ![img](b.png)", "```", "[in code](gone.md)", "```"));
        Files.writeString(dir.resolve("b.md"), "# B\n\n## The B part\n");

        List<String> broken = brokenLinks(List.of(dir.resolve("a.md")), new ArrayList<>());

        assertThat(broken).hasSize(3);
        assertThat(broken.get(0)).contains("a.md:6: gone.md (no such file)");
        assertThat(broken.get(1)).contains("a.md:6: b.md#no-such-part (no heading with that anchor");
        assertThat(broken.get(2)).contains("a.md:6: b.png (no such file)");
    }

    /** Each broken relative link as {@code file:line: target (why)}; {@code checked} gets every relative link. */
    static List<String> brokenLinks(List<Path> files, List<String> checked) throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            MarkdownFile markdown = MarkdownFile.read(file);
            for (MarkdownFile.Link link : markdown.links()) {
                String target = link.target();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
                Path resolved = pathPart.isEmpty() ? file
                        : file.getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
                String where = file.getFileName() + ":" + link.line() + ": " + target;
                checked.add(file + ":" + link.line() + ": " + target);
                if (!Files.exists(resolved)) {
                    broken.add(file + " " + where + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !MarkdownFile.read(resolved).anchors().contains(anchor)) {
                    broken.add(file + " " + where + " (no heading with that anchor; there are "
                            + MarkdownFile.read(resolved).anchors() + ")");
                }
            }
        }
        return broken;
    }

    @Test
    void theReadmeIsAtMost300Lines() throws IOException {
        assertThat(MarkdownFile.read(MarkdownFile.ROOT.resolve("README.md")).lineCount()).isLessThanOrEqualTo(300);
    }

    @Test
    void everyDocStartsWithItsTitleAndALinkBackToTheReadme() throws IOException {
        try (Stream<Path> docs = Files.list(MarkdownFile.ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                List<String> lines = Files.readAllLines(doc);
                assertThat(lines.get(0)).as("%s: title", doc).matches("# \\S.*");
                assertThat(lines.subList(1, Math.min(lines.size(), 4))).as("%s: a link back to the README", doc)
                        .anyMatch(line -> line.contains("](../README.md)"));
            }
        }
    }

    @Test
    void slugsAreGithubs() {
        assertThat(MarkdownFile.slug("Deadlines: the wire, and the deadline line contract"))
                .isEqualTo("deadlines-the-wire-and-the-deadline-line-contract");
        assertThat(MarkdownFile.slug("Each check against a defective and a correct variant (`mvn verify`)"))
                .isEqualTo("each-check-against-a-defective-and-a-correct-variant-mvn-verify");
        assertThat(MarkdownFile.slug("HTTP toxics (extension)")).isEqualTo("http-toxics-extension");
        assertThat(MarkdownFile.slug("The harness's own actions")).isEqualTo("the-harnesss-own-actions");
        assertThat(MarkdownFile.slug("snake_case and kebab-case")).isEqualTo("snake_case-and-kebab-case");
    }
}
