package dev.chaosharness.harness.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where CompletionCheck looks for the final state of each accepted request: records of
 * {@code topic}, tied to a request by {@code id} (a JSON pointer into the value, {@code record-key}
 * or {@code record-key-long}), final when every condition of {@code where} holds (a record of the id
 * is final when none is declared). The topic is read {@code settleMs} after the load at the most,
 * once it has stopped growing.
 */
public record CompletionSubject(String topic, String id, List<Condition> where, long settleMs) {

    /**
     * The value at {@code pointer} is one of {@code values} ({@code not}: is none of them; a missing
     * value is none of them).
     */
    public record Condition(String pointer, List<String> values, boolean not) {

        public Condition {
            if (!pointer.startsWith("/")) {
                throw new IllegalArgumentException("where: '" + pointer + "' is not a JSON pointer such as /status");
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("where " + pointer + ": give at least one value");
            }
            values = List.copyOf(values);
        }

        boolean holds(JsonNode value) {
            JsonNode at = value.at(pointer);
            boolean present = at != null && !at.isMissingNode() && !at.isNull();
            boolean among = present && values.contains(at.asText());
            return not != among;
        }

        @Override
        public String toString() {
            return pointer + (not ? " not in " : " in ") + values;
        }
    }

    public CompletionSubject {
        where = List.copyOf(where);
        selector(topic, id); // the id's form is checked as a record selector's
    }

    /** Whether the topic's keys are 8-byte longs (the id is {@code record-key-long}). */
    public boolean longKeys() {
        return selector().longKeys();
    }

    /** The records of the topic, keyed by the id. */
    RecordSelector selector() {
        return selector(topic, id);
    }

    private static RecordSelector selector(String topic, String id) {
        return new RecordSelector(topic, id, id, "", "");
    }

    boolean isFinal(JsonNode value) {
        return where.stream().allMatch(c -> c.holds(value));
    }

    /** The JSON pointers into a record's value this subject reads. */
    List<String> pointers() {
        return java.util.stream.Stream.concat(selector().pointers().stream(), where.stream().map(Condition::pointer))
                .distinct().toList();
    }

    /** What the state of a record is called in evidence: the value at the first condition's pointer. */
    String stateOf(JsonNode value) {
        return where.isEmpty() ? "a record" : RecordSelector.text(value.at(where.get(0).pointer()));
    }

    @Override
    public String toString() {
        return topic + " by " + id + (where.isEmpty() ? "" : " where " + where);
    }
}
