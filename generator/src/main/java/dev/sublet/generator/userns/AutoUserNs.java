package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.alloc.Allocation;
import dev.sublet.generator.alloc.AllocationStateFile;
import dev.sublet.generator.alloc.AllocationStore;
import dev.sublet.generator.alloc.IdRange;
import dev.sublet.generator.alloc.IdSet;
import dev.sublet.generator.alloc.IdsExhaustedException;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code UserNS=auto}: a range of the subordinate ids of its own per unit, persisted so it is the
 * same on every run. The state is locked at the first {@code auto} unit of a run and written and
 * unlocked in {@link #finish}, so concurrent generators never hand out the same ids.
 */
final class AutoUserNs {

    static final long MINIMUM_SIZE = 1024;

    private final GeneratorContext context;
    private final SubordinateIds subIds;
    private final Consumer<String> warnings;
    private AllocationStore store;

    AutoUserNs(GeneratorContext context, SubordinateIds subIds, Consumer<String> warnings) {
        this.context = context;
        this.subIds = subIds;
        this.warnings = warnings;
    }

    ResolvedUserNs resolve(UserNsRequest request, UserNsMode mode) throws UnitFileException {
        Entry entry = request.userNs();
        List<IdMapping> uidExtras = extras(entry, mode.uidMappings(), true);
        List<IdMapping> gidExtras = extras(entry, mode.gidMappings(), false);
        long size = mode.size() != null ? mode.size() : size(request);
        AllocationStore allocations = store(entry);
        Allocation allocation;
        try {
            allocation = allocations.allocator().allocate(request.serviceName(), size, size,
                    hostRanges(uidExtras), hostRanges(gidExtras));
        } catch (IdsExhaustedException e) {
            throw new UnitFileException(entry, e.getMessage() + " (in "
                    + (context.systemMode() ? "the '" + SubordinateIds.ROOT_POOL_OWNER + "'" : context.userName() + "'s")
                    + " subordinate ids, minus those given to other units); lower size= or add ids to "
                    + context.subuidFile() + " and " + context.subgidFile());
        }
        return new ResolvedUserNs(
                KernelMapRules.check(lines(allocation.uids(), subIds.pool(true), uidExtras), entry, "uid",
                        subIds.path(true)),
                KernelMapRules.check(lines(allocation.gids(), subIds.pool(false), gidExtras), entry, "gid",
                        subIds.path(false)),
                DefaultUserNsResolver.value(request.user()), DefaultUserNsResolver.value(request.group()),
                List.of(), List.of());
    }

    /** max(1024, highest id of the rootfs's users and groups and of User=/Group=, + 1), nobody ignored. */
    private long size(UserNsRequest request) {
        RootfsIds rootfs = RootfsIds.read(request.rootfs(), warnings);
        long highest = rootfs.maxId();
        highest = Math.max(highest, rootfs.uid(DefaultUserNsResolver.value(request.user())).orElse(-1));
        highest = Math.max(highest, rootfs.gid(DefaultUserNsResolver.value(request.group())).orElse(-1));
        if (highest == RootfsIds.OVERFLOW_ID) {
            highest = -1;
        }
        return Math.max(MINIMUM_SIZE, highest + 1);
    }

    /** uidmapping=/gidmapping= as host-flat lines (HOST intermediate when rootless, @HOST a host id). */
    private List<IdMapping> extras(Entry entry, List<String> texts, boolean uids) throws UnitFileException {
        IdLayout layout = subIds.layout(uids);
        List<IdMapping> lines = new ArrayList<>();
        for (String text : texts) {
            IdMapSpec spec = IdMapSpec.parse(entry, text, false, true);
            lines.addAll(IntermediateMaps.toHost(IntermediateMaps.resolveHost(spec, layout), layout, entry));
        }
        return lines;
    }

    private static List<IdRange> hostRanges(List<IdMapping> lines) {
        List<IdRange> ranges = new ArrayList<>();
        for (IdMapping line : lines) {
            ranges.add(new IdRange(line.hostId(), line.size()));
        }
        return ranges;
    }

    /** The allocated pieces from container id 0 up, split at range ends, skipping the extras' container ids. */
    private static List<IdMapping> lines(List<IdRange> pieces, List<IdRange> pool, List<IdMapping> extras) {
        IdLayout poolLayout = IdLayout.of(pool);
        List<IdRange> split = new ArrayList<>();
        for (IdRange piece : pieces) {
            split.addAll(poolLayout.splitHost(piece));
        }
        IdSet extraContainers = new IdSet();
        for (IdMapping extra : extras) {
            extraContainers.add(new IdRange(extra.containerId(), extra.size()));
        }
        List<IdMapping> lines = new ArrayList<>(IntermediateMaps.zip(split, extraContainers.ranges()));
        lines.addAll(extras);
        lines.sort(Comparator.comparingLong(IdMapping::containerId));
        return lines;
    }

    private AllocationStore store(Entry blame) throws UnitFileException {
        if (store == null) {
            try {
                store = AllocationStore.open(context.stateDir(), subIds.pool(true), subIds.pool(false), warnings);
            } catch (IOException e) {
                String problem = "cannot open the id allocation state in " + context.stateDir() + ": "
                        + e.getMessage() + "; fix or remove it, then reload";
                throw blame != null ? new UnitFileException(blame, problem)
                        : new UnitFileException(context.stateDir(), 0, null, problem);
            }
        }
        return store;
    }

    /**
     * Releases the allocations of units not in {@code keep}, writes the state and unlocks it. Runs
     * even when no unit used {@code auto} this time, so removed units free their ids.
     *
     * @throws UnrecordedAllocationsException if the state could not be written, naming the units
     *         whose allocations the (intact) state file does not hold
     */
    void finish(Set<String> keep) throws IOException {
        Path stateFile = context.stateDir().resolve(AllocationStore.FILE_NAME);
        if (store == null && !Files.exists(stateFile)) {
            return;
        }
        try {
            // With no store open yet no unit got ids this run: an error here only loses releases.
            store(null).finish(keep);
        } catch (UnitFileException e) {
            throw new UnrecordedAllocationsException(e.getMessage(), Set.of(), e);
        } catch (IOException e) {
            throw new UnrecordedAllocationsException(stateFile + ": cannot write it: " + reason(e),
                    unrecorded(stateFile, store.allocator().allocations()), e);
        } finally {
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }

    /** The services whose allocation differs from what the state file on disk records. */
    private static Set<String> unrecorded(Path stateFile, Map<String, Allocation> current) {
        Map<String, Allocation> onDisk;
        try {
            onDisk = AllocationStateFile.read(stateFile);
        } catch (IOException | AllocationStateFile.CorruptStateException e) {
            onDisk = Map.of(); // cannot read it back: trust none of this run's allocations
        }
        Set<String> unrecorded = new TreeSet<>();
        for (Map.Entry<String, Allocation> entry : current.entrySet()) {
            if (!entry.getValue().equals(onDisk.get(entry.getKey()))) {
                unrecorded.add(entry.getKey());
            }
        }
        return unrecorded;
    }

    /** What the system said, e.g. "No space left on device" or "Read-only file system". */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        // Java names these errors by type and leaves the reason empty.
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way of a directory";
        } else if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
