package dev.chaosharness.harness.history;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a check reads as a record of a source after the load: a Kafka record of a topic, a final
 * read of one request's state over HTTP, or a database row, each saying which it is. Only a topic's
 * record has a partition and an offset; a final read has the status it was answered with, a row
 * its number in the query's result.
 *
 * @param source   the topic, the final read's or the query's name
 * @param key      the record's key, or the request id a final read was made for; null for a row
 * @param position the offset (a topic's record), the HTTP status (a final read) or the row's number
 */
public record SourceRecord(Kind kind, long atMs, String source, int partition, long position, String key,
                           long timestampMs, JsonNode value) {

    /** Where a record came from. */
    public enum Kind {
        TOPIC, FINAL_READ, ROW
    }

    public static SourceRecord of(HistoryEvent.KafkaRecordSeen record) {
        return new SourceRecord(Kind.TOPIC, record.atMs(), record.topic(), record.partition(), record.offset(), record.key(),
                record.timestampMs(), record.value());
    }

    public static SourceRecord of(HistoryEvent.FinalRead read) {
        return new SourceRecord(Kind.FINAL_READ, read.atMs(), read.source(), -1, read.status(), read.id(), read.atMs(),
                read.value());
    }

    public static SourceRecord of(HistoryEvent.RowRead row) {
        return new SourceRecord(Kind.ROW, row.atMs(), row.source(), -1, row.row(), null, row.timestampMs(), row.value());
    }

    /** A final read's HTTP status (0: no answer); a record of another kind has none. */
    public int status() {
        if (kind != Kind.FINAL_READ) {
            throw new IllegalStateException("a " + kind + " record has no HTTP status");
        }
        return (int) position;
    }

    /** Where it is in its source, as evidence says it: {@code p3@1207}, {@code HTTP 200}, {@code row 12}. */
    public String where() {
        return switch (kind) {
            case TOPIC -> "p" + partition + "@" + position;
            case FINAL_READ -> "HTTP " + position;
            case ROW -> "row " + position;
        };
    }
}
