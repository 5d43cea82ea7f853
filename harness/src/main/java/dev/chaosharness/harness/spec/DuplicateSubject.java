package dev.chaosharness.harness.spec;

import java.util.List;
import java.util.Optional;

/**
 * Where DuplicateDeliveryCheck looks for one consumer group: the records it consumes
 * ({@code source}), the records its work leaves ({@code effects}: an effect key seen twice is a
 * duplicate), and which ids must each have an effect ({@code expected}: {@code responses}, the load's
 * accepted requests, or {@code source}, every source record).
 *
 * @param memberPointer     where an effect says which member produced it (exact attribution), or empty
 * @param generationPointer where an effect says in which group generation, or empty
 * @param effectsQuery      when the effects are rows of a database rather than records of a topic: the
 *                          query that reads them ({@code effects} then selects records of its source)
 */
public record DuplicateSubject(String group, RecordSelector source, RecordSelector effects, String expected,
                               String memberPointer, String generationPointer, Optional<JdbcQuery> effectsQuery) {

    public DuplicateSubject(String group, RecordSelector source, RecordSelector effects, String expected,
                            String memberPointer, String generationPointer) {
        this(group, source, effects, expected, memberPointer, generationPointer, Optional.empty());
    }

    public static final String FROM_RESPONSES = "responses";
    public static final String FROM_SOURCE = "source";

    public DuplicateSubject {
        if (!expected.equals(FROM_RESPONSES) && !expected.equals(FROM_SOURCE)) {
            throw new IllegalArgumentException("expected must be '" + FROM_RESPONSES + "' or '" + FROM_SOURCE
                    + "', was '" + expected + "'");
        }
    }

    /** The columns of its query the check reads: key, id, member, generation and time. */
    public List<String> effectColumns() {
        return effectsQuery.map(q -> JdbcQuery.columns(java.util.stream.Stream.concat(effects.pointers().stream(),
                java.util.stream.Stream.of(memberPointer, generationPointer)).toList(), q.timeColumn())).orElse(List.of());
    }
}
