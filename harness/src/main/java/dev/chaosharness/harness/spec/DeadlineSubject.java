package dev.chaosharness.harness.spec;

/**
 * A link DeadlinePropagationCheck judges, {@code <caller>-><callee>}: the caller's instances passed
 * the remaining budget on, and the callee's did no work for a request whose client gave up.
 */
public record DeadlineSubject(String caller, String callee) {

    public String link() {
        return caller + "->" + callee;
    }

    /** Whether an instance name ({@code worker-2}) is one of {@code service}'s instances. */
    public static boolean isInstanceOf(String instance, String service) {
        return instance.startsWith(service + "-") && instance.substring(service.length() + 1).matches("\\d+");
    }
}
