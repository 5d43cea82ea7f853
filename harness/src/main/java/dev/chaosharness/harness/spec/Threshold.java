package dev.chaosharness.harness.spec;

import java.util.function.LongBinaryOperator;

/**
 * Every threshold the checks judge by, each defined once: its name in the history
 * ({@code maxGcPauseMs}, a {@code threshold.*} parameter of {@code run-started}), its key in an
 * experiment file's {@code checks.thresholds} ({@code max-gc-pause-ms}), its kind, its default and
 * what it bounds. The parser, the checks' accessors ({@link CheckThresholds}), the error messages
 * and the list in docs/checks.md all come from here ({@code ThresholdTest} holds docs/checks.md to it).
 */
public enum Threshold {
    MAX_EFFECT_DUPLICATES("maxEffectDuplicates", "max-effect-duplicates", Kind.WHOLE, "0",
            "effects a group may repeat (DuplicateDeliveryCheck)"),
    MAX_STUCK_REQUESTS("maxStuckRequests", "max-stuck-requests", Kind.WHOLE, "0",
            "accepted requests that may never reach a final state (CompletionCheck)"),
    MAX_GC_PAUSE_MS("maxGcPauseMs", "max-gc-pause-ms", Kind.DECIMAL, "200", "the longest stop-the-world pause"),
    MAX_GC_PAUSE_SHARE("maxGcPauseShare", "max-gc-pause-share", Kind.DECIMAL, "0.05",
            "the share of any window a JVM may spend paused"),
    GC_SHARE_WINDOW_MS("gcShareWindowMs", "gc-share-window-ms", Kind.WHOLE, "10000", "that window"),
    MAX_FULL_GCS("maxFullGcs", "max-full-gcs", Kind.WHOLE, "0", "full collections while serving"),
    DEADLINE_GRACE_MS("deadlineGraceMs", "deadline-grace-ms", Kind.WHOLE, "100",
            "how late past its budget a callee may answer"),
    MAX_ATTEMPTS("maxAttempts", "max-attempts", Kind.WHOLE, "1",
            "calls a caller's request may make to one operation of a callee, retries included"
                    + " (DeadlinePropagationCheck from deadline lines, RetryCheck from the wire)"),
    MAX_AMPLIFICATION("maxAmplification", "max-amplification", Kind.DECIMAL, "(max-attempts)",
            "calls on a link per caller request over a phase (RetryCheck); 0 follows max-attempts"),
    MIN_BACKOFF_MS("minBackoffMs", "min-backoff-ms", Kind.WHOLE, "10",
            "the least time from an attempt's answer to the next attempt (RetryCheck)"),
    MAX_HEAP_GROWTH_MB_PER_MIN("maxHeapGrowthMbPerMin", "max-heap-growth-mb-per-min", Kind.DECIMAL, "25",
            "how fast a JVM's live set (its heap after a full collection) may grow over the load (HeapGrowthCheck)"),
    MIN_FULL_GC_RECLAIM_PERCENT("minFullGcReclaimPercent", "min-full-gc-reclaim-percent", Kind.DECIMAL, "10",
            "the least share of its heap a full collection a JVM needed while serving must free (HeapGrowthCheck)"),
    MAX_CONNECTION_GROWTH("maxConnectionGrowth", "max-connection-growth", Kind.WHOLE, "2",
            "connections a declared link (and its database's sessions) may hold after the faults beyond before them"
                    + " (ConnectionLeakCheck)"),
    MAX_LEAKED_THREADS("maxLeakedThreads", "max-leaked-threads", Kind.WHOLE, "10",
            "threads started during the load, alive at exit, no pool accounts for"),
    SLO_P99_MS("sloP99Ms", "slo-p99-ms", Kind.WHOLE, "(the SLO)", "the p99 latency outside fault windows"),
    P99_DURING_FAULT_MS("p99DuringFaultMs", "p99-during-fault-ms", Kind.WHOLE, "(budget + 100)",
            "the p99 latency during a fault window"),
    MAX_ERROR_PERCENT("maxErrorPercent", "max-error-percent", Kind.DECIMAL, "1.0",
            "failed requests outside fault windows, in percent"),
    RECOVERY_WITHIN_MS("recoveryWithinMs", "recovery-within-ms", Kind.WHOLE, "10000",
            "how soon after a window the SLO must hold again"),
    MAX_LAG_RECOVERY_SECONDS("maxLagRecoverySeconds", "max-lag-recovery-seconds", Kind.WHOLE, "30",
            "how soon after a window each consumer group must have caught up again (LagRecoveryCheck)");

    /** How a value is read and printed. */
    public enum Kind { WHOLE, DECIMAL }

    private final String name;
    private final String fileKey;
    private final Kind kind;
    private final String defaultValue;
    private final String bounds;

    Threshold(String name, String fileKey, Kind kind, String defaultValue, String bounds) {
        this.name = name;
        this.fileKey = fileKey;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.bounds = bounds;
    }

    /** Its name in the history ({@code threshold.<name>}). */
    public String historyName() {
        return name;
    }

    /** Its key in an experiment file's {@code checks.thresholds}. */
    public String fileKey() {
        return fileKey;
    }

    public Kind kind() {
        return kind;
    }

    /** Its default as docs/checks.md states it: a value, or (for the two latency bounds) what it follows. */
    public String defaultText() {
        return defaultValue;
    }

    public String bounds() {
        return bounds;
    }

    /** Its default for an experiment with this SLO and client budget. */
    public String defaultFor(long sloP99Ms, long budgetMs) {
        LongBinaryOperator derived = switch (this) {
            case SLO_P99_MS -> (slo, budget) -> slo;
            case P99_DURING_FAULT_MS -> (slo, budget) -> budget + 100;
            case MAX_AMPLIFICATION -> (slo, budget) -> 0; // 0: follows max-attempts (CheckThresholds.maxAmplification)
            default -> null;
        };
        return derived == null ? defaultValue : Long.toString(derived.applyAsLong(sloP99Ms, budgetMs));
    }

    /** The value in its canonical spelling; an IllegalArgumentException naming the key and the kind when it is none. */
    public String canonical(String value) {
        String trimmed = value.strip();
        try {
            return kind == Kind.WHOLE ? Long.toString(Long.parseLong(trimmed)) : Double.toString(Double.parseDouble(trimmed));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold '" + fileKey + "' must be a "
                    + (kind == Kind.WHOLE ? "whole number" : "number") + ", was '" + value + "'");
        }
    }
}
