package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.alloc.IdRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The "intermediate" id space Podman describes for rootless users: intermediate 0 is the user's
 * own id and 1, 2, ... are the subordinate ids in /etc/subuid order. Unit files written for Podman
 * give host ids in this space; we translate them to host-flat map lines, split where one
 * subordinate range ends, so every line lies inside one range newuidmap allows. In system mode the
 * layout is the identity: intermediate id = host id.
 */
final class IdLayout {

    /** {@code size} intermediate ids starting at {@code inner} are host ids starting at {@code host}. */
    private record Segment(long inner, long host, long size) {
        long innerEnd() {
            return inner + size;
        }

        long hostEnd() {
            return host + size;
        }
    }

    private final List<Segment> segments;
    private final long size;

    private IdLayout(List<Segment> segments) {
        this.segments = segments;
        this.size = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).innerEnd();
    }

    /** The user's own id, then each subordinate range in the given order. */
    static IdLayout rootless(long ownId, List<IdRange> subordinate) {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(0, ownId, 1));
        long next = 1;
        for (IdRange range : subordinate) {
            segments.add(new Segment(next, range.start(), range.size()));
            next += range.size();
        }
        return new IdLayout(segments);
    }

    /** Host ranges laid end to end from intermediate 0 (used to split allocations at range ends). */
    static IdLayout of(List<IdRange> ranges) {
        List<Segment> segments = new ArrayList<>();
        long next = 0;
        for (IdRange range : ranges) {
            segments.add(new Segment(next, range.start(), range.size()));
            next += range.size();
        }
        return new IdLayout(segments);
    }

    static IdLayout identity() {
        return new IdLayout(List.of(new Segment(0, 0, IdMapping.MAX_ID)));
    }

    /**
     * Number of intermediate ids, at most the 4294967295 ids a user namespace can map (subordinate
     * ranges may add up to more; the ids beyond are simply not used).
     */
    long size() {
        return Math.min(size, IdMapping.MAX_ID);
    }

    /**
     * Host-flat lines for container ids {@code container..+count} mapped to intermediate ids
     * {@code inner..+count}, one line per segment touched; null if part of the intermediate
     * range does not exist.
     */
    List<IdMapping> toHost(long container, long inner, long count) {
        List<IdMapping> lines = new ArrayList<>();
        long covered = 0;
        for (Segment segment : segments) {
            long from = Math.max(inner + covered, segment.inner());
            long to = Math.min(inner + count, segment.innerEnd());
            if (from != inner + covered || from >= to) {
                continue;
            }
            lines.add(new IdMapping(container + covered, segment.host() + (from - segment.inner()), to - from));
            covered += to - from;
        }
        return covered == count ? lines : null;
    }

    /**
     * Intermediate pieces for host ids {@code host..+count}, in host order, as (offset in the
     * host range, intermediate start, size) mappings; null if some host id is not in the layout.
     */
    List<IdMapping> hostToInner(long host, long count) {
        List<IdMapping> pieces = new ArrayList<>();
        long covered = 0;
        while (covered < count) {
            long wanted = host + covered;
            Segment holder = segmentHoldingHost(wanted);
            if (holder == null) {
                return null;
            }
            long length = Math.min(count - covered, holder.hostEnd() - wanted);
            pieces.add(new IdMapping(covered, holder.inner() + (wanted - holder.host()), length));
            covered += length;
        }
        return pieces;
    }

    private Segment segmentHoldingHost(long hostId) {
        for (Segment segment : segments) {
            if (hostId >= segment.host() && hostId < segment.hostEnd()) {
                return segment;
            }
        }
        return null;
    }

    /** Splits a host range at segment boundaries; null if some id is outside every segment. */
    List<IdRange> splitHost(IdRange range) {
        List<IdMapping> pieces = hostToInner(range.start(), range.size());
        if (pieces == null) {
            return null;
        }
        List<IdRange> split = new ArrayList<>();
        for (IdMapping piece : pieces) {
            split.add(new IdRange(range.start() + piece.containerId(), piece.size()));
        }
        return split;
    }
}
