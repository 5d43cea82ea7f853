package dev.chaosharness.harness.history.compact;

import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * How one per-request event type is laid out in a {@link CompactEvents} table: a fixed number of
 * int and long columns, strings as {@link Ids}. One codec per type, beside the event it stores.
 */
public interface RowCodec<T> {

    int intColumns();

    int longColumns();

    void encode(T event, Row row, Ids ids);

    T decode(Row row, Ids ids);

    /** One row's slots in a table chunk (off the heap: {@link Spill}); {@code ints.get(intAt + i)} is its column i. */
    final class Row {
        IntBuffer ints;
        int intAt;
        LongBuffer longs;
        int longAt;

        public int getInt(int column) {
            return ints.get(intAt + column);
        }

        public void setInt(int column, int value) {
            ints.put(intAt + column, value);
        }

        public long getLong(int column) {
            return longs.get(longAt + column);
        }

        public void setLong(int column, long value) {
            longs.put(longAt + column, value);
        }
    }
}
