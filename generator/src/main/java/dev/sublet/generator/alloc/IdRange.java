package dev.sublet.generator.alloc;

/** {@code size} consecutive ids starting at {@code start}. */
public record IdRange(long start, long size) implements Comparable<IdRange> {

    public IdRange {
        if (start < 0 || size < 1) {
            throw new IllegalArgumentException("invalid id range " + start + "+" + size);
        }
    }

    /** Exclusive end. */
    public long end() {
        return start + size;
    }

    public boolean overlaps(IdRange other) {
        return start < other.end() && other.start < end();
    }

    @Override
    public int compareTo(IdRange other) {
        return Long.compare(start, other.start);
    }

    /** The state-file form {@code START+SIZE}. */
    @Override
    public String toString() {
        return start + "+" + size;
    }
}
