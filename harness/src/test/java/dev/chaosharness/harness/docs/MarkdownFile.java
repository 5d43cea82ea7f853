package dev.chaosharness.harness.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file as GitHub reads it, enough for the docs tests: its headings and their anchors,
 * its links, and the first column of a table under a heading. Fenced code blocks and inline code
 * are not Markdown: nothing in them counts.
 */
final class MarkdownFile {

    /** The repository's root: the tests run in the module's directory. */
    static final Path ROOT = Path.of("..");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(([^()\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    record Heading(int level, String text, String anchor, int line) {
    }

    record Link(String target, int line) {
    }

    private final Path path;
    private final List<String> lines;
    /** Per line: whether it is inside a fenced code block (or is a fence). */
    private final boolean[] code;
    private final List<Heading> headings = new ArrayList<>();

    private MarkdownFile(Path path, List<String> lines) {
        this.path = path;
        this.lines = lines;
        this.code = new boolean[lines.size()];
        String fence = null;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String stripped = lines.get(i).strip();
            if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                fence = stripped.substring(0, 3);
                code[i] = true;
                continue;
            }
            if (fence != null) {
                code[i] = true;
                if (stripped.startsWith(fence)) {
                    fence = null;
                }
                continue;
            }
            Matcher heading = HEADING.matcher(lines.get(i));
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                headings.add(new Heading(heading.group(1).length(), heading.group(2), count == 1 ? slug : slug + "-" + (count - 1), i + 1));
            }
        }
    }

    static MarkdownFile read(Path path) throws IOException {
        return new MarkdownFile(path, Files.readAllLines(path));
    }

    Path path() {
        return path;
    }

    int lineCount() {
        return lines.size();
    }

    List<Heading> headings() {
        return List.copyOf(headings);
    }

    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        headings.forEach(h -> anchors.add(h.anchor()));
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text as rendered (a link's text, no markup), lower case,
     * every character but letters, digits, spaces, '-' and '_' dropped, each space a '-'.
     */
    static String slug(String heading) {
        String text = LINK.matcher(heading).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        text = text.replaceAll("<[^>]+>", "");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{Nd}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /** Every link and image outside code, in order. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (code[i]) {
                continue;
            }
            String prose = CODE_SPAN.matcher(lines.get(i)).replaceAll("code");
            Matcher link = LINK.matcher(prose);
            while (link.find()) {
                links.add(new Link(link.group(2), i + 1));
            }
        }
        return links;
    }

    /**
     * The body rows of the first table after the heading {@code headingText} (before the next
     * heading of its level or higher), each as its cells, stripped.
     */
    List<List<String>> table(String headingText) {
        Heading heading = headings.stream().filter(h -> h.text().equals(headingText)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " has no heading '" + headingText + "'"));
        Map<Integer, Heading> byLine = new HashMap<>();
        headings.forEach(h -> byLine.put(h.line(), h));
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = heading.line(); i < lines.size(); i++) {
            Heading next = byLine.get(i + 1);
            if (next != null && next.level() <= heading.level()) {
                break;
            }
            String line = lines.get(i).strip();
            if (!code[i] && line.startsWith("|")) {
                if (inTable && !line.matches("\\|[-|: ]+\\|")) {
                    List<String> cells = new ArrayList<>(List.of(line.substring(1, line.length() - 1).split("\\|", -1)));
                    cells.replaceAll(String::strip);
                    rows.add(cells);
                }
                inTable = true; // the first row is the header
            } else if (inTable) {
                break;
            }
        }
        if (rows.isEmpty()) {
            throw new AssertionError(path + ": no table under '" + headingText + "'");
        }
        return rows;
    }

    /** The first backticked name in the first cell of each row of {@link #table}. */
    List<String> tableNames(String headingText) {
        List<String> names = new ArrayList<>();
        for (List<String> row : table(headingText)) {
            Matcher name = BACKTICKED.matcher(row.get(0));
            if (!name.find()) {
                throw new AssertionError(path + ", table under '" + headingText + "': a row names nothing: " + row);
            }
            names.add(name.group(1));
        }
        return names;
    }

    /** The cells of the row of {@link #table} whose first cell names {@code name} first. */
    List<String> row(String headingText, String name) {
        return table(headingText).stream().filter(row -> row.get(0).startsWith("`" + name + "`")).findFirst()
                .orElseThrow(() -> new AssertionError(path + ": no row for `" + name + "` under '" + headingText + "'"));
    }
}
