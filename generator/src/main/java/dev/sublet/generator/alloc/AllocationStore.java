package dev.sublet.generator.alloc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The persistent side of {@link IdAllocator}: {@code STATE_DIR/idmap-allocations}, guarded by an
 * exclusive lock on {@code STATE_DIR/idmap-allocations.lock} that is held from {@link #open} until
 * {@link #close}. The lock spans the whole read-allocate-write cycle, so two generator processes
 * never hand out the same ids. A corrupt state file is moved aside and reported, never silently
 * reset in place, so an operator can still see which ids running containers hold.
 */
public final class AllocationStore implements AutoCloseable {

    public static final String FILE_NAME = "idmap-allocations";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final IdAllocator allocator;

    private AllocationStore(Path file, FileChannel lockChannel, FileLock lock, IdAllocator allocator) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.allocator = allocator;
    }

    /**
     * Creates the state directory (0700) if needed, takes the lock (waiting for another process
     * that holds it) and loads the allocations.
     *
     * @param warnings receives the report about a corrupt state file
     */
    public static AllocationStore open(Path stateDir, List<IdRange> uidPool, List<IdRange> gidPool,
            Consumer<String> warnings) throws IOException {
        if (Files.isSymbolicLink(stateDir)) {
            throw new IOException(stateDir + ": state directory is a symbolic link; refusing to use it");
        }
        Files.createDirectories(stateDir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = stateDir.resolve(FILE_NAME);
        FileChannel lockChannel = FileChannel.open(stateDir.resolve(FILE_NAME + ".lock"),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            FileLock lock = lockChannel.lock();
            Map<String, Allocation> existing = load(file, warnings);
            return new AllocationStore(file, lockChannel, lock,
                    new IdAllocator(uidPool, gidPool, existing));
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private static Map<String, Allocation> load(Path file, Consumer<String> warnings) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + ": is a symbolic link; refusing to use it");
        }
        try {
            return AllocationStateFile.read(file);
        } catch (AllocationStateFile.CorruptStateException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + STAMP.format(Instant.now()));
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            warnings.accept(e.getMessage() + ": state file is corrupt; moved it to " + aside
                    + " and starting with no allocations (check it for ids still in use)");
            return Map.of();
        }
    }

    public IdAllocator allocator() {
        return allocator;
    }

    /** Releases the allocations of units not in {@code present} and writes the file if anything changed. */
    public void finish(Set<String> present) throws IOException {
        allocator.releaseAllExcept(present);
        if (allocator.changed()) {
            AllocationStateFile.write(file, allocator.allocations());
        }
    }

    /** Releases the lock; unsaved changes are dropped (call {@link #finish} first). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
