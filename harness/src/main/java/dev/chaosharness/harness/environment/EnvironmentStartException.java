package dev.chaosharness.harness.environment;

/** Something in the environment did not come up; the message names it and where its log is. */
public class EnvironmentStartException extends RuntimeException {
    public EnvironmentStartException(String message) {
        super(message);
    }

    public EnvironmentStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
