package dev.chaosharness.harness.spec;

import dev.chaosharness.harness.history.SourceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosharness.harness.history.HistoryEvent;

/**
 * How a check reads the records of one topic: which key makes two records the same
 * ({@code record-key}, {@code record-key-long}, or a JSON pointer into the value such as
 * {@code /eventId}), which id ties a record to a request or to its source ({@code id}, a pointer or
 * {@code record-key}; empty when not needed), and an optional filter: only records whose value at
 * {@code wherePointer} is {@code whereEquals}.
 */
public record RecordSelector(String topic, String key, String id, String wherePointer, String whereEquals) {

    public static final String RECORD_KEY = "record-key";
    public static final String RECORD_KEY_LONG = "record-key-long";

    public RecordSelector {
        requireKeyForm(key, "key");
        if (!id.isEmpty()) {
            requireKeyForm(id, "id");
        }
        if (!wherePointer.isEmpty() && !wherePointer.startsWith("/")) {
            throw new IllegalArgumentException("where must be a JSON pointer such as /status, was '" + wherePointer + "'");
        }
    }

    /** The JSON pointers into a record's value this selector reads. */
    public java.util.List<String> pointers() {
        return java.util.stream.Stream.of(key, id, wherePointer).filter(p -> p.startsWith("/")).toList();
    }

    /** Whether the record's key is an 8-byte long (Kafka's LongSerializer) rather than a string. */
    public boolean longKeys() {
        return key.equals(RECORD_KEY_LONG) || id.equals(RECORD_KEY_LONG);
    }

    public boolean selects(SourceRecord record) {
        return record.source().equals(topic) && (wherePointer.isEmpty()
                || text(record.value().at(wherePointer)).equals(whereEquals));
    }

    public String keyOf(SourceRecord record) {
        return read(key, record);
    }

    public String idOf(SourceRecord record) {
        return read(id.isEmpty() ? key : id, record);
    }

    private static String read(String form, SourceRecord record) {
        return form.equals(RECORD_KEY) || form.equals(RECORD_KEY_LONG) ? String.valueOf(record.key())
                : text(record.value().at(form));
    }

    public static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    private static void requireKeyForm(String form, String field) {
        if (!form.equals(RECORD_KEY) && !form.equals(RECORD_KEY_LONG) && !form.startsWith("/")) {
            throw new IllegalArgumentException(field + " must be record-key, record-key-long or a JSON pointer such as"
                    + " /key, was '" + form + "'");
        }
    }

    @Override
    public String toString() {
        return topic + " by " + key + (wherePointer.isEmpty() ? "" : " where " + wherePointer + " = " + whereEquals);
    }
}
