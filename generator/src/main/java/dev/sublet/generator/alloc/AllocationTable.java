package dev.sublet.generator.alloc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The allocations of all owners in a few flat arrays instead of a map of objects: under 100 bytes
 * an owner, growth slack included, instead of about 190, and nothing per owner for the garbage
 * collector to trace or copy, which is what made millions of owners slow. Names are kept as their UTF-8 bytes, so loading the
 * state file creates no object per owner. Owners stay in insertion order (the state file's order);
 * a hash index of open addressing finds them by name.
 */
final class AllocationTable {

    /** {@code gidCount} value of an owner whose gid pieces are its uid pieces (the usual case). */
    static final int SAME_AS_UIDS = -1;

    private byte[] names = new byte[1024];
    private int namesUsed;
    /** START, SIZE pairs; an owner's uid pieces, then its gid pieces unless they are the same. */
    private long[] pieces = new long[64];
    private int piecesUsed;
    private int[] nameOffset = new int[16];
    private int[] nameLength = new int[16];
    private int[] pieceOffset = new int[16];
    private int[] uidCount = new int[16];
    private int[] gidCount = new int[16];
    private int size;
    /**
     * The hash index, linear probing, at most half full: per slot the name's hash in the high 32
     * bits (so probes and rehashes rarely touch the names: cache misses dominate at millions of
     * owners) and owner index + 1 in the low 32 bits; 0 for a free slot.
     */
    private long[] slots = new long[32];

    static AllocationTable of(Map<String, Allocation> allocations) {
        AllocationTable table = new AllocationTable();
        allocations.forEach(table::put);
        return table;
    }

    int size() {
        return size;
    }

    int indexOf(String owner) {
        byte[] name = owner.getBytes(StandardCharsets.UTF_8);
        return indexOf(name, 0, name.length);
    }

    /** The index of the owner whose name is {@code bytes[offset, offset + length)}, or -1. */
    int indexOf(byte[] bytes, int offset, int length) {
        return (int) slots[slotOf(bytes, offset, length, hash(bytes, offset, length))] - 1;
    }

    /** Sets the owner's pieces, adding the owner at the end if it is new. */
    void put(String owner, Allocation allocation) {
        byte[] name = owner.getBytes(StandardCharsets.UTF_8);
        int index = indexOf(name, 0, name.length);
        setPieces(index < 0 ? addNew(name, 0, name.length) : index, allocation);
    }

    /**
     * Adds an owner named {@code bytes[offset, offset + length)} with no pieces yet and returns
     * its index, or returns -1 if that name is already present.
     */
    int addNew(byte[] bytes, int offset, int length) {
        int hash = hash(bytes, offset, length);
        int slot = slotOf(bytes, offset, length, hash);
        if (slots[slot] != 0) {
            return -1;
        }
        if (size == nameOffset.length) {
            growOwners();
        }
        if (namesUsed + length > names.length) {
            names = Arrays.copyOf(names, Math.max(names.length * 2, namesUsed + length));
        }
        System.arraycopy(bytes, offset, names, namesUsed, length);
        int index = size++;
        nameOffset[index] = namesUsed;
        nameLength[index] = length;
        namesUsed += length;
        slots[slot] = (long) hash << 32 | (index + 1);
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return index;
    }

    void setPieces(int index, Allocation allocation) {
        long[] uidPairs = pairs(allocation.uids());
        boolean same = allocation.gids().equals(allocation.uids());
        long[] gidPairs = same ? null : pairs(allocation.gids());
        setPieces(index, uidPairs, uidPairs.length / 2, gidPairs, same ? SAME_AS_UIDS : gidPairs.length / 2);
    }

    /**
     * Sets the owner's pieces from {@code uidPairs} ({@code uids} START, SIZE pairs) and
     * {@code gidPairs} ({@code gids} pairs, or {@link #SAME_AS_UIDS}). A moved owner's old pieces
     * stay behind unused until {@link #retain} compacts; moves are rare.
     */
    void setPieces(int index, long[] uidPairs, int uids, long[] gidPairs, int gids) {
        int needed = 2 * (uids + Math.max(gids, 0));
        if (piecesUsed + needed > pieces.length) {
            pieces = Arrays.copyOf(pieces, Math.max(pieces.length * 2, piecesUsed + needed));
        }
        pieceOffset[index] = piecesUsed;
        uidCount[index] = uids;
        gidCount[index] = gids;
        System.arraycopy(uidPairs, 0, pieces, piecesUsed, 2 * uids);
        piecesUsed += 2 * uids;
        if (gids != SAME_AS_UIDS) {
            System.arraycopy(gidPairs, 0, pieces, piecesUsed, 2 * gids);
            piecesUsed += 2 * gids;
        }
    }

    String name(int index) {
        return new String(names, nameOffset[index], nameLength[index], StandardCharsets.UTF_8);
    }

    List<IdRange> uids(int index) {
        return ranges(pieceOffset[index], uidCount[index]);
    }

    List<IdRange> gids(int index) {
        return gidCount[index] == SAME_AS_UIDS ? uids(index)
                : ranges(pieceOffset[index] + 2 * uidCount[index], gidCount[index]);
    }

    Allocation allocation(int index) {
        return new Allocation(uids(index), gids(index));
    }

    /** Keeps only the owners whose index is set in {@code keep}, in their order, and compacts the arrays. */
    void retain(BitSet keep) {
        AllocationTable kept = new AllocationTable();
        for (int index = keep.nextSetBit(0); index >= 0 && index < size; index = keep.nextSetBit(index + 1)) {
            int copy = kept.addNew(names, nameOffset[index], nameLength[index]);
            int gids = gidCount[index];
            kept.setPieces(copy, Arrays.copyOfRange(pieces, pieceOffset[index], pieceOffset[index] + 2 * uidCount[index]),
                    uidCount[index], gids == SAME_AS_UIDS ? null : Arrays.copyOfRange(pieces,
                            pieceOffset[index] + 2 * uidCount[index], pieceOffset[index] + 2 * (uidCount[index] + gids)),
                    gids);
        }
        names = kept.names;
        namesUsed = kept.namesUsed;
        pieces = kept.pieces;
        piecesUsed = kept.piecesUsed;
        nameOffset = kept.nameOffset;
        nameLength = kept.nameLength;
        pieceOffset = kept.pieceOffset;
        uidCount = kept.uidCount;
        gidCount = kept.gidCount;
        size = kept.size;
        slots = kept.slots;
    }

    /**
     * The first and the exclusive last id of every uid (or gid) piece, each array sorted on its
     * own. That is enough to tell whether the pieces are disjoint and to compute their union
     * (see {@link IdSet#minus}) without an object per piece.
     */
    long[][] sortedBounds(boolean ofUids) {
        int count = 0;
        for (int index = 0; index < size; index++) {
            count += ofUids || gidCount[index] == SAME_AS_UIDS ? uidCount[index] : gidCount[index];
        }
        long[] starts = new long[count];
        long[] ends = new long[count];
        int next = 0;
        for (int index = 0; index < size; index++) {
            boolean uidPieces = ofUids || gidCount[index] == SAME_AS_UIDS;
            int first = uidPieces ? pieceOffset[index] : pieceOffset[index] + 2 * uidCount[index];
            int n = uidPieces ? uidCount[index] : gidCount[index];
            for (int piece = first; piece < first + 2 * n; piece += 2) {
                starts[next] = pieces[piece];
                ends[next++] = pieces[piece] + pieces[piece + 1];
            }
        }
        Arrays.sort(starts);
        Arrays.sort(ends);
        return new long[][] {starts, ends};
    }

    /** Writes the owner's name, then {@code ' '} and its uid pieces, then {@code ' '} and its gid pieces. */
    void writeLine(int index, OutputStream out, byte[] scratch) throws IOException {
        out.write(names, nameOffset[index], nameLength[index]);
        out.write(' ');
        int uids = uidCount[index];
        writePieces(out, pieceOffset[index], uids, scratch);
        out.write(' ');
        int gids = gidCount[index];
        writePieces(out, gids == SAME_AS_UIDS ? pieceOffset[index] : pieceOffset[index] + 2 * uids,
                gids == SAME_AS_UIDS ? uids : gids, scratch);
    }

    private void writePieces(OutputStream out, int offset, int count, byte[] scratch) throws IOException {
        for (int piece = 0; piece < count; piece++) {
            if (piece > 0) {
                out.write(',');
            }
            writeNumber(out, pieces[offset + 2 * piece], scratch);
            out.write('+');
            writeNumber(out, pieces[offset + 2 * piece + 1], scratch);
        }
    }

    /** Writes a non-negative number in decimal without creating a String. */
    static void writeNumber(OutputStream out, long value, byte[] scratch) throws IOException {
        int position = scratch.length;
        do {
            scratch[--position] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        out.write(scratch, position, scratch.length - position);
    }

    /** A read-only, live view in insertion order; creates the entries it hands out. */
    Map<String, Allocation> asMap() {
        return new AbstractMap<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String owner && indexOf(owner) >= 0;
            }

            @Override
            public Allocation get(Object key) {
                int index = key instanceof String owner ? indexOf(owner) : -1;
                return index < 0 ? null : allocation(index);
            }

            @Override
            public Set<Entry<String, Allocation>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public int size() {
                        return size;
                    }

                    @Override
                    public Iterator<Entry<String, Allocation>> iterator() {
                        return new Iterator<>() {
                            private int next;

                            @Override
                            public boolean hasNext() {
                                return next < size;
                            }

                            @Override
                            public Entry<String, Allocation> next() {
                                if (next >= size) {
                                    throw new NoSuchElementException();
                                }
                                int index = next++;
                                return new SimpleImmutableEntry<>(name(index), allocation(index));
                            }
                        };
                    }
                };
            }
        };
    }

    private List<IdRange> ranges(int offset, int count) {
        return ranges(pieces, offset, count);
    }

    /** The first {@code count} START, SIZE pairs of {@code pairs}. */
    static List<IdRange> ranges(long[] pairs, int count) {
        return ranges(pairs, 0, count);
    }

    private static List<IdRange> ranges(long[] pairs, int offset, int count) {
        if (count == 1) {
            return List.of(new IdRange(pairs[offset], pairs[offset + 1]));
        }
        List<IdRange> ranges = new ArrayList<>(count);
        for (int piece = 0; piece < count; piece++) {
            ranges.add(new IdRange(pairs[offset + 2 * piece], pairs[offset + 2 * piece + 1]));
        }
        return ranges;
    }

    private static long[] pairs(List<IdRange> ranges) {
        long[] pairs = new long[2 * ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            pairs[2 * i] = ranges.get(i).start();
            pairs[2 * i + 1] = ranges.get(i).size();
        }
        return pairs;
    }

    private void growOwners() {
        int capacity = nameOffset.length * 2;
        nameOffset = Arrays.copyOf(nameOffset, capacity);
        nameLength = Arrays.copyOf(nameLength, capacity);
        pieceOffset = Arrays.copyOf(pieceOffset, capacity);
        uidCount = Arrays.copyOf(uidCount, capacity);
        gidCount = Arrays.copyOf(gidCount, capacity);
    }

    private void rehash(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        int mask = capacity - 1;
        for (long entry : old) {
            if (entry != 0) {
                int slot = (int) (entry >>> 32) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = entry;
            }
        }
    }

    /** The slot holding the owner with that name, else the free slot where it belongs. */
    private int slotOf(byte[] bytes, int offset, int length, int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long entry = slots[slot];
            if (entry == 0) {
                return slot;
            }
            int index = (int) entry - 1;
            if ((int) (entry >>> 32) == hash && Arrays.equals(names, nameOffset[index],
                    nameOffset[index] + nameLength[index], bytes, offset, offset + length)) {
                return slot;
            }
        }
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        // Murmur3's finalizer: names differ in a few digits, and linear probing needs every bit mixed.
        hash ^= hash >>> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >>> 13;
        hash *= 0xC2B2AE35;
        return hash ^ (hash >>> 16);
    }
}
