package dev.sublet.generator.alloc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text form of the allocations, one unit a line, compact enough for millions of units:
 * <pre>
 * sublet-idmap-allocations 1
 * web.service 100000+1024 100000+1024
 * db.service 101024+976,300000+48 101024+1024
 * end 2
 * </pre>
 * Each line is the service name, its uid pieces and its gid pieces ({@code START+SIZE}, comma
 * separated). The trailer with the count makes a truncated file detectable; overlaps, duplicate
 * names and anything unparsable make the file corrupt rather than silently ignored.
 */
public final class AllocationStateFile {

    static final String HEADER = "sublet-idmap-allocations 1";
    static final String TRAILER = "end ";
    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER_BYTES = TRAILER.getBytes(StandardCharsets.US_ASCII);

    private AllocationStateFile() {
    }

    /** Thrown for a state file that cannot be trusted; names the line. */
    public static final class CorruptStateException extends Exception {
        CorruptStateException(Path file, long line, String problem) {
            super(file + ":" + line + ": " + problem);
        }
    }

    /** Reads the allocations; a missing file is an empty state. */
    public static Map<String, Allocation> read(Path file) throws IOException, CorruptStateException {
        return readTable(file).asMap();
    }

    /**
     * Reads the allocations into the compact table the allocator works on. A hand-written parser
     * over the bytes: no String, split or object per line, which matters with millions of lines.
     */
    static AllocationTable readTable(Path file) throws IOException, CorruptStateException {
        AllocationTable table = new AllocationTable();
        try (InputStream in = Files.newInputStream(file)) {
            StateFileParser parser = new StateFileParser(file, in, table);
            parser.parse();
        } catch (NoSuchFileException e) {
            return table;
        }
        checkDisjoint(file, table);
        return table;
    }

    /**
     * Rejects uid (or gid) pieces of different lines that share ids. Sorting all starts and all
     * ends is enough to tell (disjoint pieces interleave start, end, start, end...); only for a
     * corrupt file is it worth walking the lines again to name the first one that overlaps.
     */
    private static void checkDisjoint(Path file, AllocationTable table) throws CorruptStateException {
        if (interleaves(table.sortedBounds(true)) && interleaves(table.sortedBounds(false))) {
            return;
        }
        StateFileParser.throwFirstOverlap(file, table, new long[0], 0, new long[0], 0);
    }

    private static boolean interleaves(long[][] bounds) {
        long[] starts = bounds[0];
        long[] ends = bounds[1];
        for (int i = 0; i + 1 < starts.length; i++) {
            if (ends[i] > starts[i + 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces the file atomically: write a 0600 temporary file beside it, fsync, rename over the
     * old one, fsync the directory. A crash leaves either the old or the new file, never a mix.
     */
    public static void write(Path file, Map<String, Allocation> allocations) throws IOException {
        write(file, AllocationTable.of(allocations));
    }

    static void write(Path file, AllocationTable table) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            // Not closed here: closing would close the channel before force().
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            byte[] scratch = new byte[20];
            out.write(HEADER_BYTES);
            out.write('\n');
            for (int index = 0; index < table.size(); index++) {
                table.writeLine(index, out, scratch);
                out.write('\n');
            }
            out.write(TRAILER_BYTES);
            AllocationTable.writeNumber(out, table.size(), scratch);
            out.write('\n');
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(file.getParent());
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
