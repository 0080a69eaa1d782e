package dev.sublet.generator.alloc;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private static final String TRAILER = "end ";

    private AllocationStateFile() {
    }

    /** Thrown for a state file that cannot be trusted; names the line. */
    public static final class CorruptStateException extends Exception {
        CorruptStateException(Path file, int line, String problem) {
            super(file + ":" + line + ": " + problem);
        }
    }

    /** Reads the allocations; a missing file is an empty state. */
    public static Map<String, Allocation> read(Path file) throws IOException, CorruptStateException {
        Map<String, Allocation> allocations = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.equals(HEADER)) {
                throw new CorruptStateException(file, 1, "expected header '" + HEADER + "'");
            }
            IdSet usedUids = new IdSet();
            IdSet usedGids = new IdSet();
            int lineNumber = 1;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.startsWith(TRAILER)) {
                    checkTrailer(file, lineNumber, line, allocations.size(), reader.readLine());
                    return allocations;
                }
                String[] fields = line.split(" ", -1);
                if (fields.length != 3 || fields[0].isEmpty()) {
                    throw new CorruptStateException(file, lineNumber, "expected 'NAME UIDS GIDS'");
                }
                Allocation allocation = new Allocation(
                        pieces(file, lineNumber, fields[1], usedUids),
                        pieces(file, lineNumber, fields[2], usedGids));
                if (allocations.put(fields[0], allocation) != null) {
                    throw new CorruptStateException(file, lineNumber, "duplicate entry for " + fields[0]);
                }
            }
            throw new CorruptStateException(file, lineNumber, "truncated: no '" + TRAILER + "COUNT' line");
        } catch (NoSuchFileException e) {
            return allocations;
        }
    }

    private static void checkTrailer(Path file, int lineNumber, String line, int count, String after)
            throws CorruptStateException {
        if (!line.equals(TRAILER + count)) {
            throw new CorruptStateException(file, lineNumber, "trailer says '" + line + "' but "
                    + count + " entries were read");
        }
        if (after != null) {
            throw new CorruptStateException(file, lineNumber + 1, "text after the trailer");
        }
    }

    private static List<IdRange> pieces(Path file, int lineNumber, String field, IdSet used)
            throws CorruptStateException {
        List<IdRange> pieces = new ArrayList<>();
        for (String piece : field.split(",", -1)) {
            int plus = piece.indexOf('+');
            IdRange range;
            try {
                range = new IdRange(Long.parseLong(piece.substring(0, plus)),
                        Long.parseLong(piece.substring(plus + 1)));
            } catch (RuntimeException e) {
                throw new CorruptStateException(file, lineNumber, "'" + piece + "' is not START+SIZE");
            }
            if (used.containsAny(range)) {
                throw new CorruptStateException(file, lineNumber, range + " overlaps another allocation");
            }
            used.add(range);
            pieces.add(range);
        }
        return pieces;
    }

    /**
     * Replaces the file atomically: write a 0600 temporary file beside it, fsync, rename over the
     * old one, fsync the directory. A crash leaves either the old or the new file, never a mix.
     */
    public static void write(Path file, Map<String, Allocation> allocations) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(
                    Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
            writer.write(HEADER);
            writer.write('\n');
            for (Map.Entry<String, Allocation> entry : allocations.entrySet()) {
                writer.write(entry.getKey());
                writer.write(' ');
                writePieces(writer, entry.getValue().uids());
                writer.write(' ');
                writePieces(writer, entry.getValue().gids());
                writer.write('\n');
            }
            writer.write(TRAILER + allocations.size());
            writer.write('\n');
            writer.flush();
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

    private static void writePieces(BufferedWriter writer, List<IdRange> pieces) throws IOException {
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(pieces.get(i).toString());
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
