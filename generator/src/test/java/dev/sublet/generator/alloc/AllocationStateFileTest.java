package dev.sublet.generator.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocationStateFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsOrderAndPieces() throws Exception {
        Map<String, Allocation> allocations = new LinkedHashMap<>();
        allocations.put("web.service", new Allocation(List.of(new IdRange(100000, 1024)),
                List.of(new IdRange(100000, 1000), new IdRange(300000, 24))));
        allocations.put("db@1.service", new Allocation(List.of(new IdRange(101024, 5)), List.of(new IdRange(1, 5))));
        Path file = dir.resolve("state");
        AllocationStateFile.write(file, allocations);
        assertEquals(List.of("sublet-idmap-allocations 1", "web.service 100000+1024 100000+1000,300000+24",
                "db@1.service 101024+5 1+5", "end 2"), Files.readAllLines(file));
        assertEquals(allocations, AllocationStateFile.read(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aMissingFileIsEmpty() throws Exception {
        assertTrue(AllocationStateFile.read(dir.resolve("none")).isEmpty());
    }

    @Test
    void everyKindOfDamageIsReportedWithItsLine() throws Exception {
        String ok = "a.service 1+10 1+10\n";
        Map<String, String> damaged = Map.of(
                "", ":1: expected header",
                "sublet-idmap-allocations 2\nend 0\n", ":1: expected header",
                "sublet-idmap-allocations 1\n" + ok, ":2: truncated",
                "sublet-idmap-allocations 1\n" + ok + "end 3\n", ":3: trailer says 'end 3' but 1 entries were read",
                "sublet-idmap-allocations 1\n" + ok + "end 1\nmore\n", ":4: text after the trailer",
                "sublet-idmap-allocations 1\na.service 1+10\nend 1\n", ":2: expected 'NAME UIDS GIDS'",
                "sublet-idmap-allocations 1\na.service 1+0 1+1\nend 1\n", ":2: '1+0' is not START+SIZE",
                "sublet-idmap-allocations 1\n" + ok + ok + "end 2\n", ":3: 1+10 overlaps another allocation",
                "sublet-idmap-allocations 1\n" + ok + "a.service 100+1 100+1\nend 2\n", ":3: duplicate entry for a.service");
        for (Map.Entry<String, String> example : damaged.entrySet()) {
            Path file = dir.resolve("state");
            Files.writeString(file, example.getKey());
            AllocationStateFile.CorruptStateException error =
                    assertThrows(AllocationStateFile.CorruptStateException.class, () -> AllocationStateFile.read(file));
            assertTrue(error.getMessage().startsWith(file + example.getValue()),
                    example.getKey() + " gave " + error.getMessage());
        }
    }

    @Test
    void linesLongerThanTheReadBufferAndManyLinesRoundTrip() throws Exception {
        Map<String, Allocation> allocations = new LinkedHashMap<>();
        List<IdRange> manyPieces = new ArrayList<>();
        for (int piece = 0; piece < 10_000; piece++) {
            manyPieces.add(new IdRange(1_000_000_000L + 2L * piece, 1));
        }
        allocations.put("fragmented.service", new Allocation(manyPieces, List.of(new IdRange(5, 10_000))));
        for (int unit = 0; unit < 20_000; unit++) {
            IdRange range = new IdRange(100_000 + 1024L * unit, 1024);
            allocations.put("unit-" + unit + ".service", new Allocation(List.of(range), List.of(range)));
        }
        Path file = dir.resolve("state");
        AllocationStateFile.write(file, allocations);
        assertEquals(allocations, AllocationStateFile.read(file));
    }

    @Test
    void aFinalLineWithoutNewlineIsAccepted() throws Exception {
        Path file = dir.resolve("state");
        Files.writeString(file, "sublet-idmap-allocations 1\na.service 1+10 2+10\nend 1");
        assertEquals(Map.of("a.service", new Allocation(List.of(new IdRange(1, 10)), List.of(new IdRange(2, 10)))),
                AllocationStateFile.read(file));
    }

    @Test
    void theFirstLineThatOverlapsAnEarlierOneIsNamed() throws Exception {
        Map<String, String> damaged = Map.of(
                "a.service 100+10 1+1\nb.service 200+10 2+1\nc.service 300+10 3+1\nd.service 95+6 4+1\nend 4\n",
                ":5: 95+6 overlaps another allocation",
                "a.service 100+10 1+1\nb.service 200+10 2+1\nc.service 300+10 1+1\nend 3\n",
                ":4: 1+1 overlaps another allocation",
                "a.service 100+10 1+1\nb.service 105+1 2+1\nc.service x 3+1\nend 3\n",
                ":3: 105+1 overlaps another allocation");
        for (Map.Entry<String, String> example : damaged.entrySet()) {
            Path file = dir.resolve("state");
            Files.writeString(file, "sublet-idmap-allocations 1\n" + example.getKey());
            AllocationStateFile.CorruptStateException error =
                    assertThrows(AllocationStateFile.CorruptStateException.class, () -> AllocationStateFile.read(file));
            assertTrue(error.getMessage().startsWith(file + example.getValue()),
                    example.getKey() + " gave " + error.getMessage());
        }
    }
}
