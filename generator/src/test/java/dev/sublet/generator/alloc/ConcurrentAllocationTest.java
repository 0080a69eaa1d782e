package dev.sublet.generator.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several generator processes (separate JVMs, so the file lock is what protects the state, not
 * Java monitors) allocate into one state dir at once. Every allocation must survive, none may
 * overlap (AllocationStateFile.read rejects overlaps) and the file must stay parseable.
 */
class ConcurrentAllocationTest {

    private static final int WORKERS = 3;
    private static final int ROUNDS = 30;
    private static final int UNITS = 5;

    @TempDir
    Path stateDir;

    @Test
    void racingProcessesNeverOverlap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int worker = 0; worker < WORKERS; worker++) {
            processes.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), AllocationWorker.class.getName(),
                    stateDir.toString(), Integer.toString(worker), Integer.toString(ROUNDS),
                    Integer.toString(UNITS), Integer.toString(WORKERS))
                    .redirectErrorStream(true).redirectOutput(stateDir.resolve("worker-" + worker + ".log").toFile())
                    .start());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int worker = 0; worker < WORKERS; worker++) {
            while (!Files.exists(stateDir.resolve("ready-" + worker)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        Files.createFile(stateDir.resolve("go"));
        for (Process process : processes) {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "worker hung");
            assertEquals(0, process.exitValue(), "worker failed; see its log in " + stateDir);
        }
        Map<String, Allocation> allocations = AllocationStateFile.read(stateDir.resolve(AllocationStore.FILE_NAME));
        assertEquals(WORKERS * ROUNDS * UNITS, allocations.size());
        IdSet pool = IdSet.of(AllocationWorker.POOL);
        for (int worker = 0; worker < WORKERS; worker++) {
            for (int round = 0; round < ROUNDS; round++) {
                for (int unit = 0; unit < UNITS; unit++) {
                    Allocation allocation = allocations.get(AllocationWorker.name(worker, round, unit));
                    long size = 1000 + (worker * 131 + round * 17 + unit * 7) % 1000;
                    assertEquals(size, Allocation.total(allocation.uids()));
                    allocation.uids().forEach(piece -> assertTrue(pool.containsAll(piece), piece.toString()));
                }
            }
        }
    }
}
