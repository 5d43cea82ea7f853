package dev.chaosharness.faultproxy.toxic;

import java.util.Arrays;

/** Bytes read from one side, with the time ({@link System#nanoTime()}) they reached the proxy. */
public record Chunk(byte[] data, long arrivalNanos) {

    public int length() {
        return data.length;
    }

    public Chunk slice(int from, int to) {
        return new Chunk(Arrays.copyOfRange(data, from, to), arrivalNanos);
    }
}
