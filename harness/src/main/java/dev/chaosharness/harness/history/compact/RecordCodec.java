package dev.chaosharness.harness.history.compact;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosharness.harness.history.SourceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A record of a source (a topic's {@code kafka-record}, a {@code final-read}, a {@code row-read}):
 * 3 longs (at, position, timestamp), 4 ints (source, partition, key, kind) and the value.
 * Of the value only what the checks read is kept (the projection: JSON pointers), each as the text
 * a check reads ({@code asText}), one int column each: an hour of records fits in a small heap.
 */
public final class RecordCodec implements RowCodec<SourceRecord> {

    /** The int column of the source's id (a topic, a final read's or a query's name). */
    public static final int TOPIC = 0;
    private static final int KIND = 3;
    private static final int VALUE = 4;
    private static final SourceRecord.Kind[] KINDS = SourceRecord.Kind.values();

    private final List<String> pointers;

    private RecordCodec(List<String> pointers) {
        this.pointers = pointers;
    }

    /** Keeps only what {@code pointers} point at. */
    public static RecordCodec projecting(List<String> pointers) {
        return new RecordCodec(List.copyOf(pointers));
    }

    /** The pointer of every scalar in {@code value}, e.g. {@code /orderId}, {@code /lines/0/sku}. */
    public static List<String> scalarPointers(JsonNode value) {
        List<String> pointers = new ArrayList<>();
        collect(value, "", pointers);
        return pointers;
    }

    private static void collect(JsonNode node, String at, List<String> pointers) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collect(f.getValue(),
                    at + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), pointers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, pointers);
            }
        } else if (!at.isEmpty()) {
            pointers.add(at);
        }
    }

    @Override
    public int intColumns() {
        return VALUE + pointers.size();
    }

    @Override
    public int longColumns() {
        return 3;
    }

    @Override
    public void encode(SourceRecord r, Row row, Ids ids) {
        row.setLong(0, r.atMs());
        row.setLong(1, r.position());
        row.setLong(2, r.timestampMs());
        row.setInt(TOPIC, ids.id(r.source()));
        row.setInt(1, r.partition());
        row.setInt(2, ids.id(r.key()));
        row.setInt(KIND, r.kind().ordinal());
        for (int i = 0; i < pointers.size(); i++) {
            JsonNode node = r.value() == null ? null : r.value().at(pointers.get(i));
            boolean absent = node == null || node.isMissingNode() || node.isNull();
            row.setInt(VALUE + i, absent ? Ids.NONE : ids.id(node.asText()));
        }
    }

    @Override
    public SourceRecord decode(Row row, Ids ids) {
        JsonNode value = projectedValue(row, ids);
        return new SourceRecord(KINDS[row.getInt(KIND)], row.getLong(0), ids.text(row.getInt(TOPIC)), row.getInt(1),
                row.getLong(1), ids.text(row.getInt(2)), row.getLong(2), value);
    }

    private ObjectNode projectedValue(Row row, Ids ids) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < pointers.size(); i++) {
            String text = ids.text(row.getInt(VALUE + i));
            if (text != null) {
                put(value, JsonPointer.compile(pointers.get(i)), text);
            }
        }
        return value;
    }

    private static void put(ObjectNode node, JsonPointer pointer, String text) {
        ObjectNode parent = node;
        JsonPointer rest = pointer;
        while (!rest.tail().matches()) {
            JsonNode child = parent.get(rest.getMatchingProperty());
            parent = child instanceof ObjectNode object ? object : parent.putObject(rest.getMatchingProperty());
            rest = rest.tail();
        }
        parent.put(rest.getMatchingProperty(), text);
    }
}
