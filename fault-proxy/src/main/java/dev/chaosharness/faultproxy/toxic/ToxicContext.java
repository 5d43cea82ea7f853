package dev.chaosharness.faultproxy.toxic;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a toxic sees of the one connection and direction it acts on. A wait ends early,
 * {@link Wait#CANCELLED}, when the toxic is removed or the connection closes, so held data is
 * released at once.
 */
public interface ToxicContext {

    /** Where a wait stands. */
    enum Wait {
        /** Not yet: return what you hold; you are called again at the deadline or on a change. */
        PENDING,
        /** The deadline passed (or the condition no longer holds). */
        ELAPSED,
        /** The toxic was removed or the connection closed. */
        CANCELLED
    }

    /** The toxic's current attributes by name (they may change while the connection is open); read them with {@link Attribute#of}. */
    Map<String, Long> attributes();

    /** The toxic's text attributes by name (fault-proxy's extension); read them with {@link Attribute#textOf}. */
    Map<String, String> texts();

    /** Whether {@link System#nanoTime()} has reached the deadline; asked again on every call, so a changed attribute counts. */
    Wait until(LongSupplier deadlineNanos);

    default Wait until(long deadlineNanos) {
        return until(() -> deadlineNanos);
    }

    /** {@link Wait#PENDING} while the condition holds (asked again on every change of the toxics). */
    Wait holdWhile(java.util.function.BooleanSupplier condition);

    /** Still on the proxy and the connection still open. */
    boolean active();

    /** Closes both sides of the connection; with {@code reset}, as an RST (linger 0). */
    void closeConnection(boolean reset);

    /** Whether this toxic was already on the proxy when the connection was accepted. */
    boolean presentAtAccept();

    /** Uniform in [from, until), from the proxy's seeded source. */
    long random(long from, long until);

    /**
     * This toxic's state on this connection and direction, of the toxic's own type: made by
     * {@code initial} the first time it is asked for, the same object afterwards.
     */
    <S> S state(java.util.function.Supplier<S> initial);

    /**
     * Closes the connection when {@link System#nanoTime()} reaches {@code deadlineNanos}, unless set
     * again first; {@link Long#MAX_VALUE}: never.
     */
    void closeAt(long deadlineNanos);

    /**
     * What the toxic keeps across all connections of its proxy (e.g. attempts per correlation id),
     * made by {@code initial} the first time any connection asks; it must be thread-safe.
     */
    <S> S shared(java.util.function.Supplier<S> initial);

    /** A fresh draw against the toxic's toxicity, for a toxic that applies per message ({@link HttpToxic}). */
    boolean draw();

    /** The connection's HTTP, for an {@link HttpToxic}; the proxy refuses one where it does not observe HTTP. */
    HttpView http();
}
