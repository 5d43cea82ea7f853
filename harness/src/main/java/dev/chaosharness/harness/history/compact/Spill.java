package dev.chaosharness.harness.history.compact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where an analysis keeps what grows with the run's length (the compact rows, the id table, the
 * checks' per-id counters): off the Java heap, in a temporary file mapped into memory. The operating
 * system pages it in and out, so the heap an analysis needs stays flat however long the run was (an
 * hour's rows were 160 MB of heap; eight hours would have been 1.3 GB). The file is deleted as soon
 * as it is open: nothing is left on disk however the JVM ends, and its space is freed when the JVM
 * lets go of the mappings.
 *
 * <p>Written by hand because the JDK maps files but has no arena over them; an embedded engine
 * (DuckDB reads the gzipped history directly and spills by itself) would have meant writing every
 * check again in SQL, for the same bounded heap.
 */
public final class Spill {

    private static final long SEGMENT_BYTES = 64L << 20;
    private static final Cleaner CLEANER = Cleaner.create();

    private final FileChannel channel;
    private MappedByteBuffer segment;
    private int used;
    private long mappedBytes;

    private Spill(FileChannel channel) {
        this.channel = channel;
        CLEANER.register(this, () -> {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do: the file was deleted when it was opened
            }
        });
    }

    /** A spill in the JVM's temporary directory ({@code java.io.tmpdir}). */
    public static Spill create() {
        try {
            Path file = Files.createTempFile("chaos-harness-analysis-", ".spill");
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(file);
            return new Spill(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the analysis's spill file in "
                    + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** {@code count} ints, all 0. */
    public IntBuffer ints(int count) {
        return allocate(4L * count).asIntBuffer();
    }

    /** {@code count} longs, all 0. */
    public LongBuffer longs(int count) {
        return allocate(8L * count).asLongBuffer();
    }

    /** How many bytes of the file are mapped. */
    public synchronized long mappedBytes() {
        return mappedBytes;
    }

    private synchronized ByteBuffer allocate(long bytes) {
        long aligned = (bytes + 7) & ~7L;
        if (aligned > SEGMENT_BYTES) {
            return map(aligned);
        }
        if (segment == null || used + aligned > segment.capacity()) {
            segment = map(SEGMENT_BYTES);
            used = 0;
        }
        ByteBuffer slice = segment.slice(used, (int) aligned).order(ByteOrder.nativeOrder());
        used += (int) aligned;
        return slice;
    }

    /** A new region at the file's end: the file grows sparse, its pages read as 0 until written. */
    private MappedByteBuffer map(long bytes) {
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("one table of " + bytes + " bytes: over the 2 GiB a mapping can hold");
        }
        try {
            MappedByteBuffer region = channel.map(FileChannel.MapMode.READ_WRITE, mappedBytes, bytes);
            region.order(ByteOrder.nativeOrder());
            mappedBytes += bytes;
            return region;
        } catch (IOException e) {
            throw new UncheckedIOException("could not map " + bytes + " more bytes of the analysis's spill file", e);
        }
    }
}
