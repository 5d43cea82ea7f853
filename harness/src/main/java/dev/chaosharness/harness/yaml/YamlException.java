package dev.chaosharness.harness.yaml;

/**
 * A mistake in a declared file, reported as {@code file:line: field: message} before anything runs;
 * line 0 is a value the command line overrode.
 */
public class YamlException extends RuntimeException {

    private final String source;
    private final int line;
    private final String field;

    public YamlException(String source, int line, String field, String message) {
        super(source + (line == 0 ? " (command-line override)" : ":" + line) + ": " + field + ": " + message);
        this.source = source;
        this.line = line;
        this.field = field;
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
