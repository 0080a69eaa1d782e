package dev.sublet.generator.fuzz;

import dev.sublet.common.IdMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent model of what a uid_map/gid_map write must satisfy, to check the resolver's
 * output against rules it does not share code with: the kernel's map_write() (kernel/user_namespace.c)
 * and, for rootless maps, shadow's newuidmap/newgidmap (verify_range/have_range).
 */
final class KernelIdMapModel {

    private static final long U32_MAX = 0xFFFF_FFFFL;
    private static final int MAX_EXTENTS = 340;

    private KernelIdMapModel() {
    }

    /** A range of ids that newuidmap lets the user map: {@code start} and {@code count}. */
    record Allowed(long start, long count) {
        long end() {
            return start + count;
        }
    }

    /** The reasons the kernel would refuse these lines; empty if it accepts them. */
    static List<String> kernelViolations(List<IdMapping> lines) {
        List<String> problems = new ArrayList<>();
        if (lines.isEmpty()) {
            problems.add("no lines");
        }
        if (lines.size() > MAX_EXTENTS) {
            problems.add(lines.size() + " lines > " + MAX_EXTENTS);
        }
        for (int i = 0; i < lines.size(); i++) {
            IdMapping line = lines.get(i);
            long first = line.containerId();
            long lower = line.hostId();
            long count = line.size();
            if (first >= U32_MAX || lower >= U32_MAX || count < 1 || count > U32_MAX) {
                problems.add("invalid values in " + line.toProcLine());
            }
            // The kernel adds in u32 and refuses a wrap: first + count must stay below 2^32.
            if (first + count > U32_MAX || lower + count > U32_MAX) {
                problems.add("wraps: " + line.toProcLine());
            }
            for (int j = 0; j < i; j++) {
                IdMapping other = lines.get(j);
                if (overlaps(first, count, other.containerId(), other.size())
                        || overlaps(lower, count, other.hostId(), other.size())) {
                    problems.add("overlap: " + other.toProcLine() + " / " + line.toProcLine());
                }
            }
        }
        return problems;
    }

    /**
     * The lines newuidmap would refuse for a user with these subordinate ranges: a line must lie
     * within the ranges (adjacent ranges may be crossed, as have_range() walks them), or map
     * only the user's own id with a count of 1.
     */
    static List<String> newuidmapViolations(List<IdMapping> lines, long ownId, List<Allowed> ranges) {
        List<String> problems = new ArrayList<>();
        for (IdMapping line : lines) {
            boolean ownIdOnly = line.size() == 1 && line.hostId() == ownId;
            if (!ownIdOnly && !covered(line.hostId(), line.hostId() + line.size(), ranges)) {
                problems.add("outside the subordinate ranges: " + line.toProcLine());
            }
        }
        return problems;
    }

    /** The host ids of the lines lie within {@code ranges} (used for auto in system mode). */
    static boolean hostIdsWithin(List<IdMapping> lines, List<Allowed> ranges) {
        return lines.stream().allMatch(line -> covered(line.hostId(), line.hostId() + line.size(), ranges));
    }

    private static boolean covered(long start, long end, List<Allowed> ranges) {
        long next = start;
        boolean progressed = true;
        while (next < end && progressed) {
            progressed = false;
            for (Allowed range : ranges) {
                if (range.start() <= next && next < range.end()) {
                    next = range.end();
                    progressed = true;
                }
            }
        }
        return next >= end;
    }

    static boolean overlaps(long aStart, long aCount, long bStart, long bCount) {
        return aStart < bStart + bCount && bStart < aStart + aCount;
    }
}
