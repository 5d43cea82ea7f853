package dev.chaosharness.harness.chaos;

/** A mistake in a chaos profile, reported as {@code file:line: field: message}. */
public class ProfileException extends RuntimeException {

    private final String source;
    private final int line;
    private final String field;

    public ProfileException(String source, int line, String field, String message) {
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
