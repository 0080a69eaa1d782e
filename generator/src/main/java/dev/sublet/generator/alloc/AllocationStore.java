package dev.sublet.generator.alloc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
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
    /** Why the state dir cannot be written, for a read-only store; null for a normal one. */
    private final IOException readOnlyCause;

    private AllocationStore(Path file, FileChannel lockChannel, FileLock lock, IdAllocator allocator,
            IOException readOnlyCause) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.allocator = allocator;
        this.readOnlyCause = readOnlyCause;
    }

    /**
     * Creates the state directory (0700) if needed, takes the lock (waiting for another process
     * that holds it) and loads the allocations. If the directory cannot be written (read-only
     * file system, no permission), the store opens read-only: the recorded allocations are still
     * served, so units that have one keep working, and {@link #finish} fails only if this run
     * changed anything.
     *
     * @param warnings receives the report about a corrupt state file
     */
    public static AllocationStore open(Path stateDir, List<IdRange> uidPool, List<IdRange> gidPool,
            Consumer<String> warnings) throws IOException {
        if (Files.isSymbolicLink(stateDir)) {
            throw new IOException(stateDir + ": state directory is a symbolic link; refusing to use it");
        }
        Path file = stateDir.resolve(FILE_NAME);
        FileChannel lockChannel;
        try {
            Files.createDirectories(stateDir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            lockChannel = FileChannel.open(stateDir.resolve(FILE_NAME + ".lock"),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            return openReadOnly(stateDir, file, uidPool, gidPool, warnings, e);
        }
        try {
            FileLock lock = lockChannel.lock();
            removeStaleTemporaryFiles(stateDir);
            AllocationTable existing = load(file, warnings);
            return new AllocationStore(file, lockChannel, lock,
                    new IdAllocator(uidPool, gidPool, existing), null);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /**
     * A store over a state dir this process cannot write. A shared lock, if the lock file exists,
     * keeps a process that can write from replacing the file while it is read.
     */
    private static AllocationStore openReadOnly(Path stateDir, Path file, List<IdRange> uidPool,
            List<IdRange> gidPool, Consumer<String> warnings, IOException cause) throws IOException {
        Path lockFile = stateDir.resolve(FILE_NAME + ".lock");
        FileChannel lockChannel = null;
        try {
            FileLock lock = null;
            if (Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                lockChannel = FileChannel.open(lockFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                lock = lockChannel.lock(0, Long.MAX_VALUE, true);
            }
            // A state dir that does not exist (or is not a directory) records nothing.
            AllocationTable existing = Files.isDirectory(stateDir) ? load(file, warnings) : new AllocationTable();
            return new AllocationStore(file, lockChannel, lock, new IdAllocator(uidPool, gidPool, existing), cause);
        } catch (IOException | RuntimeException e) {
            if (lockChannel != null) {
                lockChannel.close();
            }
            e.addSuppressed(cause);
            throw e;
        }
    }

    /** Temporary files of a writer killed mid-write: harmless, but they would pile up. */
    private static void removeStaleTemporaryFiles(Path stateDir) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(stateDir, FILE_NAME + ".tmp-*")) {
            for (Path temp : stale) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static AllocationTable load(Path file, Consumer<String> warnings) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + ": is a symbolic link; refusing to use it");
        }
        try {
            return AllocationStateFile.readTable(file);
        } catch (AllocationStateFile.CorruptStateException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + STAMP.format(Instant.now()));
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            warnings.accept(e.getMessage() + ": state file is corrupt; moved it to " + aside
                    + " and starting with no allocations (check it for ids still in use)");
            return new AllocationTable();
        }
    }

    public IdAllocator allocator() {
        return allocator;
    }

    /**
     * Releases the allocations of units not in {@code present} and writes the file if anything
     * changed. If it cannot be written the old file stays as it was.
     */
    public void finish(Set<String> present) throws IOException {
        allocator.releaseAllExcept(present);
        if (allocator.changed() && readOnlyCause != null) {
            throw readOnlyCause;
        }
        if (allocator.changed()) {
            AllocationStateFile.write(file, allocator.table());
        }
    }

    /** Releases the lock; unsaved changes are dropped (call {@link #finish} first). */
    @Override
    public void close() throws IOException {
        if (lockChannel == null) {
            return; // a read-only store of a state dir without a lock file
        }
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
