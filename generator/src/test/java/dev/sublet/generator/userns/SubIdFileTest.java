package dev.sublet.generator.userns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sublet.generator.alloc.IdRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubIdFileTest {

    @TempDir
    Path dir;

    @Test
    void entriesMatchByNameOrNumericUidInFileOrder() throws Exception {
        Path file = dir.resolve("subuid");
        Files.writeString(file, "# comment\n\nalice:300000:10\nbob:1:1\n1000:100000:65536\n");
        SubIdFile subIds = SubIdFile.read(file, message -> { });
        assertEquals(List.of(new IdRange(300000, 10), new IdRange(100000, 65536)), subIds.rangesOf("alice", 1000));
        assertEquals(List.of(new IdRange(1, 1)), subIds.rangesOfName("bob"));
        assertEquals(List.of(), subIds.rangesOfName("1001"));
    }

    @Test
    void malformedLinesAreSkippedWithTheirLineNumber() throws Exception {
        Path file = dir.resolve("subuid");
        Files.writeString(file, "alice:100000:65536\nalice:abc:10\n:1:1\nalice:5:0\nalice:1\nalice:4294967290:10\n"
                + "alice:200000:10\n");
        List<String> warnings = new ArrayList<>();
        SubIdFile subIds = SubIdFile.read(file, warnings::add);
        assertEquals(List.of(new IdRange(100000, 65536), new IdRange(200000, 10)), subIds.rangesOf("alice", 1000));
        assertEquals(5, warnings.size(), warnings.toString());
        assertEquals(file + ":2: 'alice:abc:10' is not OWNER:START:COUNT with a non-empty owner and COUNT > 0;"
                + " line ignored", warnings.get(0));
        for (int i = 0; i < 5; i++) {
            assertEquals(true, warnings.get(i).startsWith(file + ":" + (i + 2) + ": "), warnings.get(i));
        }
    }

    @Test
    void overlappingRangesOfOneOwnerAreDroppedWithAWarning() throws Exception {
        Path file = dir.resolve("subuid");
        Files.writeString(file, "alice:100000:100\nalice:100050:100\n");
        List<String> warnings = new ArrayList<>();
        assertEquals(List.of(new IdRange(100000, 100)), SubIdFile.read(file, warnings::add).rangesOf("alice", 1));
        assertEquals(List.of(file + ":2: range 100050:100 overlaps an earlier range of alice; range ignored"), warnings);
    }

    @Test
    void aMissingFileHasNoEntries() throws Exception {
        assertEquals(List.of(), SubIdFile.read(dir.resolve("none"), message -> { }).rangesOf("alice", 1000));
    }
}
