package dev.chaosharness.harness.spec;

/**
 * A link ConnectionLeakCheck judges, {@code <caller>-><callee>} (services): the connections its
 * callers hold open through the fault proxy come back after the faults, and, when the callee is a
 * database the system declares, so do the sessions the database itself counts.
 */
public record ConnectionSubject(String caller, String callee) {

    public String link() {
        return caller + "->" + callee;
    }

    /** Whether a proxied link ({@code worker-2->db-1}, {@code api->worker-1}) is one of this subject's. */
    public boolean covers(String proxiedLink) {
        String[] ends = proxiedLink.split("->", 2);
        return ends.length == 2 && isOf(ends[0], caller) && isOf(ends[1], callee);
    }

    private static boolean isOf(String end, String service) {
        return end.equals(service) || DeadlineSubject.isInstanceOf(end, service);
    }
}
