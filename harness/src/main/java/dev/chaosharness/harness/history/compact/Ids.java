package dev.chaosharness.harness.history.compact;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every distinct string of a history's per-request events (ids, links, instances) once, each as
 * an int. Most of them are UUIDs (request, correlation and event ids): those are kept as two longs, found
 * through an open-addressing table, about 22 bytes an id instead of the ~130 a
 * {@code HashMap<String, Integer>} entry costs, and both the table and the ids are off the heap
 * ({@link Spill}), so the heap does not grow with them. Written by hand because the JDK
 * has no map with primitive keys; any other string goes to an ordinary map.
 */
public final class Ids {

    /** The id of null. */
    public static final int NONE = -1;

    private static final int UUID_FLAG = 1 << 30;

    private final Spill spill = Spill.create();
    private final Map<String, Integer> others = new HashMap<>();
    private final List<String> otherTexts = new ArrayList<>();
    /** UUID i's two halves are at {@code [i >> CHUNK_BITS][2 * (i & CHUNK_MASK)]} and the next: chunks, so growing copies nothing. */
    private final List<LongBuffer> uuidChunks = new ArrayList<>();
    private int uuids;
    /** Slots of the UUID table (open addressing, at most 3/4 full): 0 empty, else the UUID's index + 1. */
    private IntBuffer slots = spill.ints(2048);
    private static final int CHUNK_BITS = 15;
    private static final int CHUNK_MASK = (1 << CHUNK_BITS) - 1;

    public int id(String text) {
        if (text == null) {
            return NONE;
        }
        if (isCanonicalUuid(text)) {
            return UUID_FLAG | uuidIndex(parseHex(text, 0, 8) << 32 | parseHex(text, 9, 13) << 16 | parseHex(text, 14, 18),
                    parseHex(text, 19, 23) << 48 | parseHex(text, 24, 36));
        }
        return others.computeIfAbsent(text, t -> {
            otherTexts.add(t);
            return otherTexts.size() - 1;
        });
    }

    public String text(int id) {
        if (id == NONE) {
            return null;
        }
        if ((id & UUID_FLAG) != 0) {
            int index = id & ~UUID_FLAG;
            return new java.util.UUID(high(index), low(index)).toString();
        }
        return otherTexts.get(id);
    }

    /**
     * A dense index of an id, in {@code [0, indexBound())}: for arrays and bit sets over every id
     * (a few bytes an id where a map would take dozens).
     */
    public static int index(int id) {
        return (id & UUID_FLAG) != 0 ? 2 * (id & ~UUID_FLAG) : 2 * id + 1;
    }

    /** The id whose {@link #index} is {@code index}. */
    public static int idOfIndex(int index) {
        return index % 2 == 0 ? UUID_FLAG | index / 2 : (index - 1) / 2;
    }

    public int indexBound() {
        return 2 * Math.max(uuids, otherTexts.size()) + 2;
    }

    /** The id {@code text} already has, or {@link #NONE} when it is null or was never seen (nothing is added). */
    public int existing(String text) {
        if (text == null) {
            return NONE;
        }
        if (!isCanonicalUuid(text)) {
            return others.getOrDefault(text, NONE);
        }
        long high = parseHex(text, 0, 8) << 32 | parseHex(text, 9, 13) << 16 | parseHex(text, 14, 18);
        long low = parseHex(text, 19, 23) << 48 | parseHex(text, 24, 36);
        int mask = slots.capacity() - 1;
        for (int slot = mix(high, low) & mask; slots.get(slot) != 0; slot = (slot + 1) & mask) {
            int index = slots.get(slot) - 1;
            if (high(index) == high && low(index) == low) {
                return UUID_FLAG | index;
            }
        }
        return NONE;
    }

    /** Where the rows of this history's tables and the checks' per-id counters are kept: off the heap. */
    public Spill spill() {
        return spill;
    }

    /** An int per id index ({@link #index}), all 0, off the heap: a check's counter or row number by id. */
    public IntBuffer intsPerId() {
        return spill.ints(indexBound());
    }

    /** A long per id index ({@link #index}), all 0, off the heap. */
    public LongBuffer longsPerId() {
        return spill.longs(indexBound());
    }

    /** How many distinct strings are held. */
    public int size() {
        return uuids + otherTexts.size();
    }

    private int uuidIndex(long high, long low) {
        int mask = slots.capacity() - 1;
        int slot = mix(high, low) & mask;
        while (slots.get(slot) != 0) {
            int index = slots.get(slot) - 1;
            if (high(index) == high && low(index) == low) {
                return index;
            }
            slot = (slot + 1) & mask;
        }
        if ((uuids & CHUNK_MASK) == 0) {
            uuidChunks.add(spill.longs(2 << CHUNK_BITS));
        }
        LongBuffer chunk = uuidChunks.get(uuids >> CHUNK_BITS);
        chunk.put(2 * (uuids & CHUNK_MASK), high);
        chunk.put(2 * (uuids & CHUNK_MASK) + 1, low);
        slots.put(slot, ++uuids);
        if (uuids > slots.capacity() / 4 * 3) {
            rehash();
        }
        return uuids - 1;
    }

    private void rehash() {
        slots = spill.ints(slots.capacity() * 2);
        int mask = slots.capacity() - 1;
        for (int index = 0; index < uuids; index++) {
            int slot = mix(high(index), low(index)) & mask;
            while (slots.get(slot) != 0) {
                slot = (slot + 1) & mask;
            }
            slots.put(slot, index + 1);
        }
    }

    private long high(int index) {
        return uuidChunks.get(index >> CHUNK_BITS).get(2 * (index & CHUNK_MASK));
    }

    private long low(int index) {
        return uuidChunks.get(index >> CHUNK_BITS).get(2 * (index & CHUNK_MASK) + 1);
    }

    private static int mix(long high, long low) {
        long h = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Lower-case 8-4-4-4-12 hex: what {@link java.util.UUID#toString()} gives back, so the text round-trips. */
    private static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static long parseHex(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '-') {
                continue;
            }
            value = value << 4 | Character.digit(c, 16);
        }
        return value;
    }
}
