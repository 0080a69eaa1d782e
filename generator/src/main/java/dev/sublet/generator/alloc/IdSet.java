package dev.sublet.generator.alloc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of ids kept as disjoint, coalesced intervals in a TreeMap (start → exclusive end): add and
 * remove cost O(log n + intervals touched) however many ids the set holds; first fit walks the
 * intervals from the lowest until one is big enough, skipping those it already knows are too small.
 */
public final class IdSet {

    /** More sizes than an allocator meets in practice; beyond it the floors are simply forgotten. */
    private static final int MAX_FLOORS = 16;

    private final TreeMap<Long, Long> intervals = new TreeMap<>();
    private long count;
    /**
     * For recently requested sizes: a start below which no interval holds that many ids. Keeps
     * first fit from rescanning the same small gaps on every request when the set is fragmented.
     * Removing ids only shrinks intervals, so a floor stays true; adding lowers the floors.
     */
    private HashMap<Long, Long> firstFitFloors;

    public static IdSet of(Iterable<IdRange> ranges) {
        IdSet set = new IdSet();
        for (IdRange range : ranges) {
            set.add(range);
        }
        return set;
    }

    /** Number of ids in the set. */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    /** Adds the ids of {@code range}, merging with neighbours. */
    public void add(IdRange range) {
        long start = range.start();
        long end = range.end();
        Map.Entry<Long, Long> before = intervals.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            count -= before.getValue() - before.getKey();
            intervals.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = intervals.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            count -= next.getValue() - next.getKey();
            intervals.remove(next.getKey());
            next = intervals.ceilingEntry(start);
        }
        intervals.put(start, end);
        count += end - start;
        if (firstFitFloors != null) {
            long merged = start;
            firstFitFloors.replaceAll((size, floor) -> Math.min(floor, merged));
        }
    }

    /**
     * The ids of {@code pool} minus the union of the intervals {@code [starts[i], ends[i])}, given
     * as two separately sorted arrays (all that a union needs: a sweep over starts and ends).
     */
    static IdSet minus(IdSet pool, long[] starts, long[] ends) {
        IdSet result = new IdSet();
        long[] unionStarts = new long[starts.length];
        long[] unionEnds = new long[starts.length];
        int unions = 0;
        int open = 0;
        for (int s = 0, e = 0; e < ends.length; ) {
            // A start at the same id as an end comes first, so touching intervals merge.
            if (s < starts.length && starts[s] <= ends[e]) {
                if (open++ == 0) {
                    unionStarts[unions] = starts[s];
                }
                s++;
            } else {
                if (--open == 0) {
                    unionEnds[unions++] = ends[e];
                }
                e++;
            }
        }
        int first = 0;
        for (Map.Entry<Long, Long> range : pool.intervals.entrySet()) {
            long from = range.getKey();
            long to = range.getValue();
            while (first < unions && unionEnds[first] <= from) {
                first++;
            }
            long cursor = from;
            for (int u = first; u < unions && unionStarts[u] < to; u++) {
                if (unionStarts[u] > cursor) {
                    result.put(cursor, unionStarts[u]);
                }
                cursor = Math.max(cursor, unionEnds[u]);
            }
            if (cursor < to) {
                result.put(cursor, to);
            }
        }
        return result;
    }

    /** Removes the ids of {@code range}; returns the pieces that were actually present. */
    public List<IdRange> remove(IdRange range) {
        List<IdRange> removed = new ArrayList<>();
        long start = range.start();
        long end = range.end();
        Map.Entry<Long, Long> interval = intervals.floorEntry(start);
        if (interval == null || interval.getValue() <= start) {
            interval = intervals.ceilingEntry(start);
        }
        while (interval != null && interval.getKey() < end) {
            long from = interval.getKey();
            long to = interval.getValue();
            intervals.remove(from);
            count -= to - from;
            if (from < start) {
                put(from, start);
            }
            if (to > end) {
                put(end, to);
            }
            long cutStart = Math.max(from, start);
            removed.add(new IdRange(cutStart, Math.min(to, end) - cutStart));
            interval = intervals.higherEntry(from);
        }
        return removed;
    }

    private void put(long start, long end) {
        intervals.put(start, end);
        count += end - start;
    }

    /** True if every id of {@code range} is in the set. */
    public boolean containsAll(IdRange range) {
        Map.Entry<Long, Long> holder = intervals.floorEntry(range.start());
        return holder != null && holder.getValue() >= range.end();
    }

    /** True if any id of {@code range} is in the set. */
    public boolean containsAny(IdRange range) {
        Map.Entry<Long, Long> before = intervals.floorEntry(range.start());
        if (before != null && before.getValue() > range.start()) {
            return true;
        }
        Long next = intervals.higherKey(range.start());
        return next != null && next < range.end();
    }

    /**
     * Removes and returns {@code size} ids: the start of the first interval big enough to hold
     * them all (fewer map lines), else the lowest ids in several pieces. Returns null and changes
     * nothing if the set holds fewer than {@code size} ids.
     */
    public List<IdRange> takeFirstFit(long size) {
        if (size > count) {
            return null;
        }
        Map.Entry<Long, Long> lowest = intervals.firstEntry();
        if (lowest.getValue() - lowest.getKey() >= size) {
            // The common case with dense allocations; taking from the lowest interval keeps the floors true.
            return List.of(takeStart(lowest.getKey(), lowest.getValue(), size));
        }
        if (firstFitFloors == null || firstFitFloors.size() >= MAX_FLOORS) {
            firstFitFloors = new HashMap<>();
        }
        Long floor = firstFitFloors.get(size);
        for (Map.Entry<Long, Long> interval : (floor == null ? intervals : intervals.tailMap(floor, true)).entrySet()) {
            long start = interval.getKey();
            long end = interval.getValue();
            if (end - start >= size) {
                firstFitFloors.put(size, start);
                return List.of(takeStart(start, end, size));
            }
        }
        firstFitFloors.put(size, Long.MAX_VALUE);
        return takeLowest(size);
    }

    /** Removes the first {@code size} ids of the interval {@code [start, end)}. */
    private IdRange takeStart(long start, long end, long size) {
        intervals.remove(start);
        count -= end - start;
        if (end - start > size) {
            put(start + size, end);
        }
        return new IdRange(start, size);
    }

    /**
     * Removes and returns the lowest {@code size} ids (first fit, taking several pieces if the
     * lowest gaps are small), or returns null and changes nothing if the set holds fewer.
     */
    public List<IdRange> takeLowest(long size) {
        if (size > count) {
            return null;
        }
        List<IdRange> taken = new ArrayList<>();
        long missing = size;
        Iterator<Map.Entry<Long, Long>> it = intervals.entrySet().iterator();
        long leftoverStart = -1;
        long leftoverEnd = -1;
        while (missing > 0) {
            Map.Entry<Long, Long> interval = it.next();
            long start = interval.getKey();
            long length = interval.getValue() - start;
            long used = Math.min(length, missing);
            taken.add(new IdRange(start, used));
            missing -= used;
            if (used < length) {
                leftoverStart = start + used;
                leftoverEnd = interval.getValue();
            }
            it.remove();
        }
        count -= size;
        if (leftoverStart >= 0) {
            intervals.put(leftoverStart, leftoverEnd);
        }
        return taken;
    }

    /** The parts of this set that lie inside {@code range}. */
    public List<IdRange> intersection(IdRange range) {
        List<IdRange> parts = new ArrayList<>();
        Long from = intervals.floorKey(range.start());
        if (from == null || intervals.get(from) <= range.start()) {
            from = intervals.ceilingKey(range.start());
        }
        if (from == null || from >= range.end()) {
            return parts;
        }
        for (Map.Entry<Long, Long> interval : intervals.subMap(from, true, range.end(), false).entrySet()) {
            long start = Math.max(interval.getKey(), range.start());
            long end = Math.min(interval.getValue(), range.end());
            parts.add(new IdRange(start, end - start));
        }
        return parts;
    }

    /** The intervals in ascending order. */
    public List<IdRange> ranges() {
        List<IdRange> result = new ArrayList<>(intervals.size());
        intervals.forEach((start, end) -> result.add(new IdRange(start, end - start)));
        return result;
    }
}
