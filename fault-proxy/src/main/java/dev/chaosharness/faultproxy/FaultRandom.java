package dev.chaosharness.faultproxy;

import java.util.Random;

/**
 * The one source of randomness (jitter, toxicity draws, slice sizes). Seeded, so a run that
 * makes the same calls in the same order makes the same choices.
 */
public final class FaultRandom {

    private Random random;
    private long seed;

    public FaultRandom(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    public synchronized long seed() {
        return seed;
    }

    /** From now on, the choices a source made new with {@code seed} would make. */
    public synchronized void reseed(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Uniform in [from, until); {@code from} when the range is empty. */
    public synchronized long between(long from, long until) {
        return until <= from ? from : from + (long) (random.nextDouble() * (until - from));
    }

    /** True with the given probability. */
    public synchronized boolean chance(double probability) {
        if (probability >= 1.0) {
            return true;
        }
        return probability > 0.0 && random.nextDouble() < probability;
    }
}
