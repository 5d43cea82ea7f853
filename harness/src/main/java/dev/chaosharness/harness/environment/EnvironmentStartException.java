package dev.chaosharness.harness.environment;

/** Something in the environment did not come up; the message names it and where its log is. */
public class EnvironmentStartException extends RuntimeException {
    public EnvironmentStartException(String message) {
        super(message);
    }

    public EnvironmentStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The property that sets the readiness bound of every service that declares none, and of the broker. */
    public static final String READY_TIMEOUT_PROPERTY = dev.chaosharness.harness.settings.HarnessSettings.READY_TIMEOUT_SECONDS;

    /**
     * An instance was not ready in time: what it still awaited, how to raise the bound, and its log.
     * {@code role} is its service, or {@code kafka} for the broker (which only the property bounds).
     */
    public static EnvironmentStartException notReady(String name, String role, java.time.Duration timeout, String awaited,
                                                     String log) {
        String raise = role.equals("kafka") ? "-D" + READY_TIMEOUT_PROPERTY + " raises it"
                : "raise it with ready.timeout-seconds under service '" + role + "' in the system file, or for every service with -D"
                        + READY_TIMEOUT_PROPERTY + " (the plugin's chaos.readyTimeoutSeconds)";
        return new EnvironmentStartException(name + " (service " + role + ") was not ready within " + timeout.toSeconds()
                + " s (" + raise + "): still waiting for " + awaited + "; its log: " + log);
    }
}
