package dev.sublet.generator.alloc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * First-fit allocation (one contiguous range where a gap is big enough, else the lowest free
 * pieces) of host uid and gid ranges to owners (service names) out of two pools (the
 * subordinate ids). Only the free ids are kept as an interval tree; with dense allocations it
 * holds a handful of intervals, so each request costs O(log n) even with millions of owners.
 * An owner keeps its allocation as long as it still has the wanted size, lies inside the pool and
 * avoids the ids the request reserves, which makes allocations stable when others come and go.
 */
public final class IdAllocator {

    private final Pool uids;
    private final Pool gids;
    private final Map<String, Allocation> allocations;
    private boolean changed;

    public IdAllocator(List<IdRange> uidPool, List<IdRange> gidPool, Map<String, Allocation> existing) {
        this.allocations = new LinkedHashMap<>(existing);
        this.uids = new Pool(uidPool);
        this.gids = new Pool(gidPool);
        for (Allocation allocation : allocations.values()) {
            uids.claim(allocation.uids());
            gids.claim(allocation.gids());
        }
    }

    /**
     * Returns the owner's allocation of {@code uidSize} uids and {@code gidSize} gids, keeping the
     * existing one if it still fits, else allocating first-fit. Ids in the reserved sets (host ids
     * the unit maps explicitly) are never handed out to this owner.
     */
    public Allocation allocate(String owner, long uidSize, long gidSize,
            List<IdRange> reservedUids, List<IdRange> reservedGids) throws IdsExhaustedException {
        if (owner.isEmpty() || owner.chars().anyMatch(Character::isWhitespace)) {
            // Unit names never contain whitespace; the state file relies on it as the separator.
            throw new IllegalArgumentException("invalid owner name '" + owner + "'");
        }
        Allocation old = allocations.get(owner);
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
        allocations.put(owner, allocation);
        changed = true;
        return allocation;
    }

    /** Frees the allocations of every owner not in {@code keep}. */
    public void releaseAllExcept(Set<String> keep) {
        allocations.entrySet().removeIf(entry -> {
            if (keep.contains(entry.getKey())) {
                return false;
            }
            uids.giveBack(entry.getValue().uids());
            gids.giveBack(entry.getValue().gids());
            changed = true;
            return true;
        });
    }

    public Map<String, Allocation> allocations() {
        return Collections.unmodifiableMap(allocations);
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
        private final IdSet free;

        Pool(List<IdRange> ranges) {
            this.pool = IdSet.of(ranges);
            this.free = IdSet.of(ranges);
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
