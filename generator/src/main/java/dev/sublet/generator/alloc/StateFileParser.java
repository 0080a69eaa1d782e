package dev.sublet.generator.alloc;

import dev.sublet.generator.alloc.AllocationStateFile.CorruptStateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the lines of {@link AllocationStateFile} straight from bytes into an
 * {@link AllocationTable}: header, {@code NAME UIDS GIDS} lines, {@code end COUNT} trailer.
 * Reuses one line buffer and one pieces buffer, so it creates no object per line; Strings are
 * made only for error messages. Does not check overlaps between lines (the caller does, in bulk).
 */
final class StateFileParser {

    /** Longest number accepted: 18 digits can neither overflow nor, added to another, overflow a long. */
    private static final int MAX_DIGITS = 18;
    private static final byte[] HEADER = AllocationStateFile.HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER = AllocationStateFile.TRAILER.getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final InputStream in;
    private final AllocationTable table;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPosition;
    private int chunkLimit;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineNumber;
    private long[] uidPairs = new long[8];
    private long[] gidPairs = new long[8];

    StateFileParser(Path file, InputStream in, AllocationTable table) {
        this.file = file;
        this.in = in;
        this.table = table;
    }

    /** The line of the owner at {@code index} in a file without errors (after the header). */
    static long lineOf(int index) {
        return index + 2L;
    }

    void parse() throws IOException, CorruptStateException {
        if (!nextLine() || !Arrays.equals(line, 0, lineLength, HEADER, 0, HEADER.length)) {
            throw corrupt(1, "expected header '" + AllocationStateFile.HEADER + "'");
        }
        while (nextLine()) {
            if (startsWith(TRAILER)) {
                checkTrailer();
                return;
            }
            parseEntry();
        }
        throw corrupt(lineNumber, "truncated: no '" + AllocationStateFile.TRAILER + "COUNT' line");
    }

    private void checkTrailer() throws IOException, CorruptStateException {
        long trailerLine = lineNumber;
        byte[] expected = (AllocationStateFile.TRAILER + table.size()).getBytes(StandardCharsets.US_ASCII);
        if (!Arrays.equals(line, 0, lineLength, expected, 0, expected.length)) {
            throw corrupt(trailerLine, "trailer says '" + text(0, lineLength) + "' but "
                    + table.size() + " entries were read");
        }
        if (nextLine()) {
            throw corrupt(trailerLine + 1, "text after the trailer");
        }
    }

    private void parseEntry() throws CorruptStateException {
        int nameEnd = indexOf(' ', 0, lineLength);
        int uidsEnd = nameEnd < 0 ? -1 : indexOf(' ', nameEnd + 1, lineLength);
        if (nameEnd <= 0 || uidsEnd < 0 || indexOf(' ', uidsEnd + 1, lineLength) >= 0) {
            throw corrupt(lineNumber, "expected 'NAME UIDS GIDS'");
        }
        int uids = parsePieces(nameEnd + 1, uidsEnd, true);
        int gids = parsePieces(uidsEnd + 1, lineLength, false);
        int index = table.addNew(line, 0, nameEnd);
        if (index < 0) {
            throwFirstOverlap(file, table, uidPairs, uids, gidPairs, gids);
            throw corrupt(lineNumber, "duplicate entry for " + text(0, nameEnd));
        }
        boolean same = uids == gids && Arrays.equals(uidPairs, 0, 2 * uids, gidPairs, 0, 2 * gids);
        table.setPieces(index, uidPairs, uids, gidPairs, same ? AllocationTable.SAME_AS_UIDS : gids);
    }

    /** Parses {@code START+SIZE[,START+SIZE...]} in {@code line[from, to)}; returns the number of pieces. */
    private int parsePieces(int from, int to, boolean uids) throws CorruptStateException {
        int count = 0;
        int pieceStart = from;
        while (true) {
            int comma = indexOf(',', pieceStart, to);
            int pieceEnd = comma < 0 ? to : comma;
            int plus = indexOf('+', pieceStart, pieceEnd);
            long start = plus < 0 ? -1 : parseNumber(pieceStart, plus);
            long size = plus < 0 ? -1 : parseNumber(plus + 1, pieceEnd);
            if (start < 0 || size < 1) {
                throw corrupt(lineNumber, "'" + text(pieceStart, pieceEnd) + "' is not START+SIZE");
            }
            long[] pairs = uids ? uidPairs : gidPairs;
            if (2 * count + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
                if (uids) {
                    uidPairs = pairs;
                } else {
                    gidPairs = pairs;
                }
            }
            pairs[2 * count] = start;
            pairs[2 * count + 1] = size;
            count++;
            if (comma < 0) {
                return count;
            }
            pieceStart = comma + 1;
        }
    }

    /** The decimal number in {@code line[from, to)}, or -1 if it is empty, too long or not all digits. */
    private long parseNumber(int from, int to) {
        if (from >= to || to - from > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Reads the next line (without its newline) into {@code line}; false at the end of the file. */
    private boolean nextLine() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (chunkPosition == chunkLimit) {
                chunkLimit = Math.max(in.read(chunk), 0);
                chunkPosition = 0;
                if (chunkLimit == 0) {
                    if (any) {
                        lineNumber++;
                    }
                    return any;
                }
            }
            any = true;
            int newline = chunkPosition;
            while (newline < chunkLimit && chunk[newline] != '\n') {
                newline++;
            }
            append(chunkPosition, newline);
            if (newline < chunkLimit) {
                chunkPosition = newline + 1;
                lineNumber++;
                return true;
            }
            chunkPosition = chunkLimit;
        }
    }

    private void append(int from, int to) {
        int length = to - from;
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }

    private boolean startsWith(byte[] prefix) {
        return lineLength >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    private int indexOf(char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * The error for a problem at line {@code number}, unless the lines before it overlap: then
     * that comes first, so the report always names the first problem in the file.
     */
    private CorruptStateException corrupt(long number, String problem) throws CorruptStateException {
        throwFirstOverlap(file, table, uidPairs, 0, gidPairs, 0);
        return new CorruptStateException(file, number, problem);
    }

    /**
     * Throws for the first line whose uid (or gid) pieces share ids with an earlier line's: the
     * table's lines, then a line still being parsed ({@code uids} and {@code gids} pairs). Builds
     * an IdSet, so it is for files already known or likely to be corrupt.
     */
    static void throwFirstOverlap(Path file, AllocationTable table, long[] uidPairs, int uids,
            long[] gidPairs, int gids) throws CorruptStateException {
        IdSet usedUids = new IdSet();
        IdSet usedGids = new IdSet();
        for (int index = 0; index < table.size(); index++) {
            claim(file, index, table.uids(index), usedUids);
            claim(file, index, table.gids(index), usedGids);
        }
        claim(file, table.size(), AllocationTable.ranges(uidPairs, uids), usedUids);
        claim(file, table.size(), AllocationTable.ranges(gidPairs, gids), usedGids);
    }

    private static void claim(Path file, int index, List<IdRange> pieces, IdSet used) throws CorruptStateException {
        for (IdRange piece : pieces) {
            if (used.containsAny(piece)) {
                throw new CorruptStateException(file, lineOf(index), piece + " overlaps another allocation");
            }
            used.add(piece);
        }
    }
}
