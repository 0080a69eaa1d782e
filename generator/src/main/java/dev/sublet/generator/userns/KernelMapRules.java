package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.alloc.IdRange;
import dev.sublet.generator.alloc.IdSet;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import java.util.List;

/** What the kernel checks when a uid_map/gid_map is written, checked at generation time instead. */
final class KernelMapRules {

    /** The kernel accepts at most this many lines in uid_map/gid_map. */
    static final int MAX_MAP_LINES = 340;

    private KernelMapRules() {
    }

    /**
     * Returns the lines if no id is mapped twice on either side and there are at most 340.
     *
     * @param blame      the entry named in the error; if null, {@code subIdFile} is named
     * @param kind       "uid" or "gid"
     * @param subIdFile  where fragmented ranges come from (named in the error)
     */
    static List<IdMapping> check(List<IdMapping> lines, Entry blame, String kind, Path subIdFile)
            throws UnitFileException {
        if (lines.size() > MAX_MAP_LINES) {
            throw error(blame, subIdFile, "the " + kind + " map needs " + lines.size() + " lines but the kernel"
                    + " accepts at most " + MAX_MAP_LINES + "; the subordinate ranges are too fragmented (merge"
                    + " them in " + subIdFile + ")");
        }
        IdSet containers = new IdSet();
        IdSet hosts = new IdSet();
        for (IdMapping line : lines) {
            IdRange container = new IdRange(line.containerId(), line.size());
            IdRange host = new IdRange(line.hostId(), line.size());
            boolean containerTwice = containers.containsAny(container);
            if (containerTwice || hosts.containsAny(host)) {
                throw error(blame, subIdFile, "the " + kind + " map would map "
                        + (containerTwice ? "container ids " + line.containerId() + "-" + line.containerEnd()
                                : "host ids " + line.hostId() + "-" + line.hostEnd())
                        + " twice (line " + line.toProcLine() + "); the kernel rejects overlapping lines");
            }
            containers.add(container);
            hosts.add(host);
        }
        return List.copyOf(lines);
    }

    private static UnitFileException error(Entry blame, Path subIdFile, String problem) {
        return blame != null ? new UnitFileException(blame, problem)
                : new UnitFileException(subIdFile, 0, null, problem);
    }
}
