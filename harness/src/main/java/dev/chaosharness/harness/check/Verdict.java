package dev.chaosharness.harness.check;

/** PASS and FAIL need evidence; UNKNOWN is what a check says when its probe produced nothing. */
public enum Verdict {
    PASS, FAIL, UNKNOWN;

    /** The worst of two verdicts: FAIL over UNKNOWN over PASS. */
    public Verdict and(Verdict other) {
        return this == FAIL || other == FAIL ? FAIL : this == UNKNOWN || other == UNKNOWN ? UNKNOWN : PASS;
    }
}
