package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.alloc.IdRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * /etc/subuid or /etc/subgid ({@code OWNER:START:COUNT}, OWNER a user name or a numeric uid).
 *
 * <p>Parsing policy: a malformed line is skipped and reported as {@code FILE:LINE: ...; line
 * ignored}. That is how shadow's newuidmap/newgidmap treat it too, so the ranges we plan with are
 * the ones newuidmap will later accept; failing instead would let one bad line of another user
 * break every unit on the machine. Blank lines and {@code #} comments are skipped silently. A
 * range that overlaps an earlier range of the same owner is dropped with a warning, because
 * newuidmap rejects overlapping map lines.
 */
public final class SubIdFile {

    private record Line(String owner, IdRange range, int number) {
    }

    private final Path path;
    private final List<Line> lines;
    private final Consumer<String> warnings;

    private SubIdFile(Path path, List<Line> lines, Consumer<String> warnings) {
        this.path = path;
        this.lines = lines;
        this.warnings = warnings;
    }

    /** Reads the file; a missing file has no entries. */
    public static SubIdFile read(Path path, Consumer<String> warnings) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<String> text;
        try {
            text = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new SubIdFile(path, lines, warnings);
        }
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Line parsed = parse(line, i + 1);
            if (parsed == null) {
                warnings.accept(path + ":" + (i + 1) + ": '" + line
                        + "' is not OWNER:START:COUNT with a non-empty owner and COUNT > 0; line ignored");
            } else {
                lines.add(parsed);
            }
        }
        return new SubIdFile(path, lines, warnings);
    }

    private static Line parse(String line, int number) {
        String[] fields = line.split(":", -1);
        if (fields.length != 3 || fields[0].isEmpty()) {
            return null;
        }
        try {
            long start = Long.parseLong(fields[1]);
            long count = Long.parseLong(fields[2]);
            // Compared one by one first: start + count could overflow a long and pass the last test.
            if (start < 0 || count < 1 || start > IdMapping.MAX_ID || count > IdMapping.MAX_ID
                    || start + count > IdMapping.MAX_ID) {
                return null;
            }
            return new Line(fields[0], new IdRange(start, count), number);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public Path path() {
        return path;
    }

    /** The ranges of a user, matched by name or by numeric uid, in file order. */
    public List<IdRange> rangesOf(String userName, long uid) {
        return collect(userName, Long.toString(uid));
    }

    /** The ranges listed under exactly {@code name}, in file order. */
    public List<IdRange> rangesOfName(String name) {
        return collect(name, null);
    }

    private List<IdRange> collect(String name, String numericOwner) {
        List<IdRange> ranges = new ArrayList<>();
        for (Line line : lines) {
            if (!line.owner().equals(name) && !line.owner().equals(numericOwner)) {
                continue;
            }
            if (overlapsAny(line.range(), ranges)) {
                warnings.accept(path + ":" + line.number() + ": range " + line.range().start() + ":"
                        + line.range().size() + " overlaps an earlier range of " + line.owner()
                        + "; range ignored");
                continue;
            }
            ranges.add(line.range());
        }
        return ranges;
    }

    /** A loop, not a stream: this runs on every daemon-reload, where a stream pipeline costs start-up time. */
    private static boolean overlapsAny(IdRange range, List<IdRange> others) {
        for (IdRange other : others) {
            if (range.overlaps(other)) {
                return true;
            }
        }
        return false;
    }
}
