package dev.chaosharness.harness.yaml;

import java.util.List;

/**
 * A mistake in a declared file, reported as {@code file:line: field: message} before anything runs;
 * line 0 is a value the command line overrode.
 */
public class YamlException extends RuntimeException {

    private final String source;
    private final int line;
    private final String field;
    private final transient List<YamlException> mistakes;

    public YamlException(String source, int line, String field, String message) {
        super(source + (line == 0 ? " (command-line override)" : ":" + line) + ": " + field + ": " + message);
        this.source = source;
        this.line = line;
        this.field = field;
        this.mistakes = List.of(this);
    }

    /** Several mistakes at once: one per line, in the order they were found; the first names source, line and field. */
    YamlException(List<YamlException> mistakes) {
        super(mistakes.size() + " mistakes:\n  " + String.join("\n  ", mistakes.stream().map(Throwable::getMessage).toList()));
        this.source = mistakes.get(0).source;
        this.line = mistakes.get(0).line;
        this.field = mistakes.get(0).field;
        this.mistakes = List.copyOf(mistakes);
    }

    /** Every mistake this reports (itself alone, unless it gathers several). */
    public List<YamlException> mistakes() {
        return mistakes;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
