package dev.chaosharness.harness.check;

/**
 * PASS and FAIL need evidence; UNKNOWN is what a check says when its probe produced nothing;
 * NOT_APPLICABLE is what it says when the run has nothing it judges (no fault window to recover
 * from): listed with its reason, left out of the overall verdict.
 */
public enum Verdict {
    PASS, FAIL, UNKNOWN, NOT_APPLICABLE;

    /**
     * Jepsen's {@code merge-valid}: FAIL over UNKNOWN over PASS; NOT_APPLICABLE changes nothing.
     * Two NOT_APPLICABLE stay NOT_APPLICABLE.
     */
    public Verdict and(Verdict other) {
        if (this == NOT_APPLICABLE) {
            return other;
        }
        if (other == NOT_APPLICABLE) {
            return this;
        }
        return this == FAIL || other == FAIL ? FAIL : this == UNKNOWN || other == UNKNOWN ? UNKNOWN : PASS;
    }
}
