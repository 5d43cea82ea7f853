package dev.chaosharness.order;

/** One reason a request was refused: which field, and what is wrong with it. */
public record FieldError(String field, String message) {
}
