package dev.sublet.generator.alloc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * First-fit allocation (one contiguous range where a gap is big enough, else the lowest free
 * pieces) of host uid and gid ranges to owners (service names) out of two pools (the
 * subordinate ids). The owners live in a compact {@link AllocationTable}; only the free ids are
 * kept as an interval tree ({@link IdSet}), computed on load in one sweep over the sorted bounds
 * of the allocated pieces. With dense allocations it holds a handful of intervals; fragmented, its
 * first fit skips the holes it knows are too small, so a request costs O(log n) either way, even
 * with millions of owners. An owner keeps its allocation as long as
 * it still has the wanted size, lies inside the pool and avoids the ids the request reserves,
 * which makes allocations stable when others come and go.
 */
public final class IdAllocator {

    private final Pool uids;
    private final Pool gids;
    private final AllocationTable table;
    private boolean changed;

    public IdAllocator(List<IdRange> uidPool, List<IdRange> gidPool, Map<String, Allocation> existing) {
        this(uidPool, gidPool, AllocationTable.of(existing));
    }

    /** Takes over {@code table}, which the allocator then changes. */
    IdAllocator(List<IdRange> uidPool, List<IdRange> gidPool, AllocationTable table) {
        this.table = table;
        this.uids = new Pool(uidPool, table.sortedBounds(true));
        this.gids = new Pool(gidPool, table.sortedBounds(false));
    }

    /**
     * Returns the owner's allocation of {@code uidSize} uids and {@code gidSize} gids, keeping the
     * existing one if it still fits, else allocating first-fit. Ids in the reserved sets (host ids
     * the unit maps explicitly) are never handed out to this owner.
     */
    public Allocation allocate(String owner, long uidSize, long gidSize,
            List<IdRange> reservedUids, List<IdRange> reservedGids) throws IdsExhaustedException {
        checkOwner(owner);
        byte[] name = owner.getBytes(StandardCharsets.UTF_8);
        int index = table.indexOf(name, 0, name.length);
        Allocation old = index < 0 ? null : table.allocation(index);
        if (old != null && uids.stillFits(old.uids(), uidSize, reservedUids)
                && gids.stillFits(old.gids(), gidSize, reservedGids)) {
            return old;
        }
        if (old != null) {
            uids.giveBack(old.uids());
            gids.giveBack(old.gids());
        }
        List<IdRange> newUids = uids.take(uidSize, reservedUids);
        List<IdRange> newGids = newUids == null ? null : gids.take(gidSize, reservedGids);
        if (newUids == null || newGids == null) {
            long uidFree = uids.freeExcluding(reservedUids);
            long gidFree = gids.freeExcluding(reservedGids);
            if (newUids != null) {
                uids.giveBack(newUids);
            }
            if (old != null) {
                uids.claim(old.uids());
                gids.claim(old.gids());
            }
            throw newUids == null
                    ? new IdsExhaustedException("uid", uidSize, uidFree)
                    : new IdsExhaustedException("gid", gidSize, gidFree);
        }
        Allocation allocation = new Allocation(newUids, newGids);
        table.setPieces(index < 0 ? table.addNew(name, 0, name.length) : index, allocation);
        changed = true;
        return allocation;
    }

    private static void checkOwner(String owner) {
        boolean valid = !owner.isEmpty();
        for (int i = 0; i < owner.length() && valid; i++) {
            valid = !Character.isWhitespace(owner.charAt(i));
        }
        if (!valid) {
            // Unit names never contain whitespace; the state file relies on it as the separator.
            throw new IllegalArgumentException("invalid owner name '" + owner + "'");
        }
    }

    /** Frees the allocations of every owner not in {@code keep}. */
    public void releaseAllExcept(Set<String> keep) {
        BitSet kept = new BitSet(table.size());
        for (String owner : keep) {
            int index = table.indexOf(owner);
            if (index >= 0) {
                kept.set(index);
            }
        }
        int released = table.size() - kept.cardinality();
        if (released == 0) {
            return;
        }
        // Giving back piece by piece costs a few tree updates each; past a fraction of the
        // owners, one sweep over the survivors (as on load) is cheaper.
        boolean sweep = released > kept.cardinality() / 8;
        for (int index = kept.nextClearBit(0); !sweep && index < table.size(); index = kept.nextClearBit(index + 1)) {
            uids.giveBack(table.uids(index));
            gids.giveBack(table.gids(index));
        }
        table.retain(kept);
        if (sweep) {
            uids.recompute(table.sortedBounds(true));
            gids.recompute(table.sortedBounds(false));
        }
        changed = true;
    }

    /** A read-only, live view in allocation order (the state file's order). */
    public Map<String, Allocation> allocations() {
        return table.asMap();
    }

    AllocationTable table() {
        return table;
    }

    /** True once an allocation was made, moved or released since construction. */
    public boolean changed() {
        return changed;
    }

    public long freeUids() {
        return uids.free.count();
    }

    public long freeGids() {
        return gids.free.count();
    }

    /** One id space: the pool it draws from and what of it is still free. */
    private static final class Pool {
        private final IdSet pool;
        private IdSet free;

        /** {@code used}: the sorted starts and ends of the pieces already allocated. */
        Pool(List<IdRange> ranges, long[][] used) {
            this.pool = IdSet.of(ranges);
            recompute(used);
        }

        /** Sets the free ids to the pool minus {@code used} (sorted starts and ends). */
        void recompute(long[][] used) {
            free = IdSet.minus(pool, used[0], used[1]);
        }

        void claim(List<IdRange> pieces) {
            for (IdRange piece : pieces) {
                free.remove(piece);
            }
        }

        /** Returns pieces to the free set, but only the part that belongs to the pool. */
        void giveBack(List<IdRange> pieces) {
            for (IdRange piece : pieces) {
                pool.intersection(piece).forEach(free::add);
            }
        }

        boolean stillFits(List<IdRange> pieces, long size, List<IdRange> reserved) {
            if (Allocation.total(pieces) != size) {
                return false;
            }
            for (IdRange piece : pieces) {
                if (!pool.containsAll(piece) || reserved.stream().anyMatch(piece::overlaps)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code size} free ids (first fit) avoiding {@code reserved}, or null if too few are free. */
        List<IdRange> take(long size, List<IdRange> reserved) {
            List<IdRange> hidden = hide(reserved);
            List<IdRange> taken = free.takeFirstFit(size);
            hidden.forEach(free::add);
            return taken;
        }

        long freeExcluding(List<IdRange> reserved) {
            List<IdRange> hidden = hide(reserved);
            long count = free.count();
            hidden.forEach(free::add);
            return count;
        }

        private List<IdRange> hide(List<IdRange> reserved) {
            List<IdRange> hidden = new ArrayList<>();
            for (IdRange range : reserved) {
                hidden.addAll(free.remove(range));
            }
            return hidden;
        }

    }
}
