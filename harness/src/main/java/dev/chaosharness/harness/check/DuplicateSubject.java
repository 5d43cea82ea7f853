package dev.chaosharness.harness.check;

/**
 * Where DuplicateDeliveryCheck looks for one consumer group: the records it consumes
 * ({@code source}), the records its work leaves ({@code effects}: an effect key seen twice is a
 * duplicate), and which ids must each have an effect ({@code expected}: {@code responses}, the load's
 * accepted requests, or {@code source}, every source record).
 *
 * @param memberPointer     where an effect says which member produced it (exact attribution), or empty
 * @param generationPointer where an effect says in which group generation, or empty
 */
public record DuplicateSubject(String group, RecordSelector source, RecordSelector effects, String expected,
                               String memberPointer, String generationPointer) {

    public static final String FROM_RESPONSES = "responses";
    public static final String FROM_SOURCE = "source";

    public DuplicateSubject {
        if (!expected.equals(FROM_RESPONSES) && !expected.equals(FROM_SOURCE)) {
            throw new IllegalArgumentException("expected must be '" + FROM_RESPONSES + "' or '" + FROM_SOURCE
                    + "', was '" + expected + "'");
        }
    }
}
