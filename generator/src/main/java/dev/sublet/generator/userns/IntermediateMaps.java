package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.alloc.IdRange;
import dev.sublet.generator.alloc.IdSet;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a map from container ids to intermediate ids (see {@link IdLayout}) out of UIDMap=/GIDMap=
 * specs with Podman's semantics, then turns it into host-flat lines. In the maps handled here,
 * {@link IdMapping#hostId()} holds the intermediate id.
 */
final class IntermediateMaps {

    private IntermediateMaps() {
    }

    /**
     * @param uids     whether the uid or the gid map is built (selects the specs with u/g flags)
     * @param rootless whether {@code +} as the first mapping fills the rest with the unused ids,
     *                 as Podman does for rootless users
     */
    static List<IdMapping> build(List<IdMapSpec> specs, boolean uids, IdLayout layout, boolean rootless)
            throws UnitFileException {
        List<IdMapping> map = new ArrayList<>();
        boolean fill = false;
        for (IdMapSpec spec : specs) {
            if (!spec.appliesTo(uids)) {
                continue;
            }
            for (IdMapping piece : resolveHost(spec, layout)) {
                if (!spec.extend()) {
                    map.add(piece);
                } else {
                    fill |= map.isEmpty() && rootless;
                    map = breakInsert(map, piece);
                }
            }
        }
        if (fill) {
            map = fill(map, layout.size());
        }
        return sortAndMerge(map);
    }

    /** The spec as container → intermediate pieces; an {@code @} host id is looked up in the layout. */
    static List<IdMapping> resolveHost(IdMapSpec spec, IdLayout layout) throws UnitFileException {
        if (!spec.hostIsReal()) {
            return List.of(new IdMapping(spec.container(), spec.host(), spec.size()));
        }
        List<IdMapping> pieces = layout.hostToInner(spec.host(), spec.size());
        if (pieces == null) {
            throw new UnitFileException(spec.entry(), "host ids " + spec.host() + "-"
                    + (spec.host() + spec.size() - 1) + " are not all yours to map: they must be your own"
                    + " id or among your subordinate ids in /etc/subuid or /etc/subgid");
        }
        List<IdMapping> result = new ArrayList<>();
        for (IdMapping piece : pieces) {
            result.add(new IdMapping(spec.container() + piece.containerId(), piece.hostId(), piece.size()));
        }
        return result;
    }

    /** Removes from {@code map} every part that conflicts with {@code extension} on either side, then adds it. */
    static List<IdMapping> breakInsert(List<IdMapping> map, IdMapping extension) {
        List<IdMapping> result = new ArrayList<>();
        for (IdMapping existing : map) {
            IdSet keep = IdSet.of(List.of(new IdRange(0, existing.size())));
            removeOffsets(keep, extension.containerId() - existing.containerId(), extension.size());
            removeOffsets(keep, extension.hostId() - existing.hostId(), extension.size());
            for (IdRange offsets : keep.ranges()) {
                result.add(new IdMapping(existing.containerId() + offsets.start(),
                        existing.hostId() + offsets.start(), offsets.size()));
            }
        }
        result.add(extension);
        return result;
    }

    private static void removeOffsets(IdSet keep, long start, long size) {
        long from = Math.max(start, 0);
        long to = start + size;
        if (to > from) {
            keep.remove(new IdRange(from, to - from));
        }
    }

    /** Gives every unused intermediate id to the lowest unused container ids (Podman's fillIDMap). */
    static List<IdMapping> fill(List<IdMapping> map, long layoutSize) {
        IdSet available = IdSet.of(List.of(new IdRange(0, layoutSize)));
        IdSet usedContainers = new IdSet();
        for (IdMapping mapping : map) {
            available.remove(new IdRange(mapping.hostId(), mapping.size()));
            usedContainers.add(new IdRange(mapping.containerId(), mapping.size()));
        }
        List<IdMapping> result = new ArrayList<>(map);
        result.addAll(zip(available.ranges(), usedContainers.ranges()));
        return result;
    }

    /**
     * Maps the given target ranges, in order, onto container ids counted from 0 that are not in
     * {@code takenContainers} (sorted, disjoint).
     */
    static List<IdMapping> zip(List<IdRange> targets, List<IdRange> takenContainers) {
        List<IdMapping> lines = new ArrayList<>();
        long nextContainer = 0;
        int taken = 0;
        for (IdRange target : targets) {
            long done = 0;
            while (done < target.size()) {
                while (taken < takenContainers.size() && takenContainers.get(taken).end() <= nextContainer) {
                    taken++;
                }
                if (taken < takenContainers.size() && takenContainers.get(taken).start() <= nextContainer) {
                    nextContainer = takenContainers.get(taken).end();
                    continue;
                }
                long room = taken < takenContainers.size()
                        ? takenContainers.get(taken).start() - nextContainer : Long.MAX_VALUE;
                long length = Math.min(room, target.size() - done);
                lines.add(new IdMapping(nextContainer, target.start() + done, length));
                nextContainer += length;
                done += length;
            }
        }
        return lines;
    }

    /** Sorts by container id and joins lines that continue each other on both sides. */
    static List<IdMapping> sortAndMerge(List<IdMapping> map) {
        List<IdMapping> sorted = new ArrayList<>(map);
        sorted.sort(Comparator.comparingLong(IdMapping::containerId));
        List<IdMapping> merged = new ArrayList<>();
        for (IdMapping mapping : sorted) {
            IdMapping last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.containerEnd() == mapping.containerId() && last.hostEnd() == mapping.hostId()) {
                merged.set(merged.size() - 1, new IdMapping(last.containerId(), last.hostId(),
                        last.size() + mapping.size()));
            } else {
                merged.add(mapping);
            }
        }
        return merged;
    }

    /**
     * Host-flat lines for an intermediate map, split at subordinate range ends.
     *
     * @param blame the entry named when part of the map lies outside the layout
     */
    static List<IdMapping> toHost(List<IdMapping> map, IdLayout layout, Entry blame) throws UnitFileException {
        List<IdMapping> lines = new ArrayList<>();
        for (IdMapping mapping : map) {
            List<IdMapping> part = layout.toHost(mapping.containerId(), mapping.hostId(), mapping.size());
            if (part == null) {
                throw new UnitFileException(blame, "intermediate ids " + mapping.hostId() + "-"
                        + (mapping.hostEnd() - 1) + " do not exist: only 0-" + (layout.size() - 1)
                        + " do (0 is your own id, 1 and up your subordinate ids in order)");
            }
            lines.addAll(part);
        }
        return lines;
    }
}
