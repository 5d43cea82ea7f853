package dev.chaosharness.harness.chaos.action;

import java.util.Optional;

/** A parameter a fault action takes, with its kind and default; {@code check} returns the normalised value. */
public record Param(String name, Kind kind, Optional<String> defaultValue) {

    public enum Kind { NON_NEGATIVE_INTEGER, PROBABILITY, BOOLEAN, STREAM, TEXT }

    public static Param required(String name, Kind kind) {
        return new Param(name, kind, Optional.empty());
    }

    public static Param optional(String name, Kind kind, String defaultValue) {
        return new Param(name, kind, Optional.of(defaultValue));
    }

    /** The value in its normal form, or an {@link IllegalArgumentException} saying what is expected. */
    public String check(String value) {
        switch (kind) {
            case NON_NEGATIVE_INTEGER -> {
                long parsed;
                try {
                    parsed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a whole number, was '" + value + "'");
                }
                if (parsed < 0) {
                    throw new IllegalArgumentException("must not be negative, was " + parsed);
                }
                return Long.toString(parsed);
            }
            case PROBABILITY -> {
                double parsed;
                try {
                    parsed = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number from 0 to 1, was '" + value + "'");
                }
                if (parsed < 0 || parsed > 1) {
                    throw new IllegalArgumentException("must be from 0 to 1, was " + parsed);
                }
                return Double.toString(parsed);
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("must be true or false, was '" + value + "'");
                }
                return value;
            }
            case STREAM -> {
                if (!value.equals("upstream") && !value.equals("downstream")) {
                    throw new IllegalArgumentException("must be upstream or downstream, was '" + value + "'");
                }
                return value;
            }
            case TEXT -> {
                return value;
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }
}
