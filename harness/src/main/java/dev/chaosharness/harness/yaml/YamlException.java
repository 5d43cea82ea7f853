package dev.chaosharness.harness.yaml;

/** A mistake in a declared file, reported as {@code file:line: field: message} before anything runs. */
public class YamlException extends RuntimeException {

    private final String source;
    private final int line;
    private final String field;

    public YamlException(String source, int line, String field, String message) {
        super(source + ":" + line + ": " + field + ": " + message);
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
