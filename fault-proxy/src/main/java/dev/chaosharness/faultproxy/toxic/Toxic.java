package dev.chaosharness.faultproxy.toxic;

import java.util.List;
import java.util.Map;

/**
 * One kind of fault on a stream of bytes. A toxic sees every chunk of its direction in order and
 * passes what it lets through to {@code next}; it may wait, split, hold, drop or close. One class
 * per type, registered in {@link ToxicTypes}; its attributes are {@link Attribute} constants, and
 * what it keeps per connection is a class of its own ({@link ToxicContext#state}).
 *
 * <p>A toxic never blocks: the data plane is a few selector loops shared by every connection. To
 * wait, it asks {@link ToxicContext#until} and, while that says {@link ToxicContext.Wait#PENDING},
 * returns what it still holds; it is called again with that at the deadline, on any change of the
 * proxy's toxics, or once the pieces it passed on have left. So a call may be a repeat for the same
 * chunk: what must not be drawn or counted twice is kept in its state.
 */
public interface Toxic {

    /** The type name in the API, e.g. {@code latency}. */
    String type();

    /** Every attribute of this type, reported even when 0. */
    List<Attribute> attributes();

    /** Their names, as the API spells them. */
    default List<String> attributeNames() {
        return attributes().stream().map(Attribute::name).toList();
    }

    /** The declared attribute of this name, if any. */
    default java.util.Optional<Attribute> attribute(String name) {
        return attributes().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Refuses nonsense values with a message naming the attribute; called on create and update. */
    default void validate(Map<String, Long> attributes) {
        attributes.forEach((name, value) -> {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
        });
    }

    /** Refuses nonsense text values (fault-proxy's extension) with a message naming the attribute. */
    default void validateTexts(Map<String, String> texts) {
    }

    /**
     * Handles the chunk at the head of this toxic's input; returns null when done with it, or the
     * part it still holds (the same chunk, or what is left of it after the pieces passed on).
     */
    Chunk onChunk(Chunk chunk, ToxicContext context, Sink next);

    /** The toxic starts on a connection (added, or the connection accepted). */
    default void onStart(ToxicContext context) {
    }

    /** The source of this direction ended (FIN); true once the close may go ahead (else: called again). */
    default boolean onSourceClosed(ToxicContext context) {
        return true;
    }

    /** The toxic was removed from the proxy while this connection was open; what it still holds goes to {@code next}. */
    default void onRemoved(ToxicContext context, Sink next) {
    }

    /** Where a toxic sends what it lets through: the next toxic, or the destination socket. */
    @FunctionalInterface
    interface Sink {
        void accept(Chunk chunk);
    }
}
