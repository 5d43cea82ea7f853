package dev.chaosharness.harness.history.compact;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The events of one per-request type, as read, as rows of int and long columns in
 * fixed-size chunks (no copy as it grows), kept off the heap in the ids' {@link Spill}. Read as a list, each element is decoded when asked for
 * and held by nobody, so a check that streams over it holds one event at a time; a check that needs
 * a column of every row reads it with {@link #intAt}/{@link #longAt} without decoding.
 */
public final class CompactEvents<T> extends AbstractList<T> implements RandomAccess {

    private static final int CHUNK_ROWS = 8192;

    private final RowCodec<T> codec;
    private final Ids ids;
    private final List<IntBuffer> intChunks = new ArrayList<>();
    private final List<LongBuffer> longChunks = new ArrayList<>();
    private int size;

    public CompactEvents(RowCodec<T> codec, Ids ids) {
        this.codec = codec;
        this.ids = ids;
    }

    public void append(T event) {
        if (size % CHUNK_ROWS == 0) {
            intChunks.add(ids.spill().ints(CHUNK_ROWS * codec.intColumns()));
            longChunks.add(ids.spill().longs(CHUNK_ROWS * codec.longColumns()));
        }
        codec.encode(event, row(size), ids);
        size++;
    }

    @Override
    public T get(int index) {
        java.util.Objects.checkIndex(index, size);
        return codec.decode(row(index), ids);
    }

    public int intAt(int index, int column) {
        return row(index).getInt(column);
    }

    public long longAt(int index, int column) {
        return row(index).getLong(column);
    }

    public Ids ids() {
        return ids;
    }

    @Override
    public int size() {
        return size;
    }

    private RowCodec.Row row(int index) {
        RowCodec.Row row = new RowCodec.Row();
        int chunk = index / CHUNK_ROWS;
        int inChunk = index % CHUNK_ROWS;
        row.ints = intChunks.get(chunk);
        row.intAt = inChunk * codec.intColumns();
        row.longs = longChunks.get(chunk);
        row.longAt = inChunk * codec.longColumns();
        return row;
    }
}
