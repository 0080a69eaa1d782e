package dev.sublet.generator.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator killed with SIGKILL while it writes the state file (a separate JVM, so the kill is
 * real) leaves a usable state: the file parses, holds one complete generation of allocations
 * (all {@code a*} or all {@code b*} units, never a mix or a truncation), the lock is free for the
 * next process, and that process removes the killed writer's temporary file.
 */
class KilledStateWriterTest {

    private static final int UNITS = 20_000;
    private static final int MIN_KILLS = 4;
    private static final int MAX_KILLS = 10;
    private static final int WANTED_MID_WRITE_KILLS = 2;

    @TempDir
    Path stateDir;

    @Test
    void aWriterKilledMidWriteLeavesACompleteStateFile() throws Exception {
        Random random = new Random(42);
        int kills = 0;
        int midWriteKills = 0;
        while (kills < MIN_KILLS || (midWriteKills < WANTED_MID_WRITE_KILLS && kills < MAX_KILLS)) {
            Process worker = startWorker();
            try {
                awaitReady(worker);
                // Every other kill aims at a write: as soon as the temporary file shows up.
                // The others land anywhere in a later round (loading, allocating, writing).
                if (kills % 2 == 0) {
                    awaitTemporaryFile(worker);
                } else {
                    Thread.sleep(random.nextInt(400));
                }
            } finally {
                worker.destroyForcibly(); // SIGKILL on Linux
                assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "worker did not die");
            }
            kills++;
            if (!temporaryFiles().isEmpty()) {
                midWriteKills++;
            }
            checkCompleteGeneration();
            Files.delete(stateDir.resolve("ready"));
        }
        System.out.println("KilledStateWriterTest: " + kills + " kills, " + midWriteKills + " mid-write");
        assertTrue(midWriteKills >= 1, "no kill hit a write, so nothing was tested (" + kills + " kills)");

        // The next process gets the lock at once and cleans up after the killed writer.
        try (AllocationStore store = AllocationStore.open(stateDir, List.of(new IdRange(100_000, 1_000_000_000L)),
                List.of(new IdRange(100_000, 1_000_000_000L)), message -> { throw new AssertionError(message); })) {
            assertEquals(UNITS, store.allocator().allocations().size());
        }
        assertEquals(List.of(), temporaryFiles());
    }

    private Process startWorker() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StateWriterWorker.class.getName(),
                stateDir.toString(), Integer.toString(UNITS))
                .redirectErrorStream(true).redirectOutput(stateDir.resolve("worker.log").toFile())
                .start();
    }

    private void awaitReady(Process worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(stateDir.resolve("ready"))) {
            assertTrue(worker.isAlive(), "worker died; see " + stateDir.resolve("worker.log"));
            assertTrue(System.nanoTime() < deadline, "worker never finished its first round");
            Thread.sleep(10);
        }
    }

    private void awaitTemporaryFile(Process worker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (temporaryFiles().isEmpty() && worker.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private void checkCompleteGeneration() throws Exception {
        Map<String, Allocation> allocations = AllocationStateFile.read(stateDir.resolve(AllocationStore.FILE_NAME));
        assertEquals(UNITS, allocations.size());
        long fromA = allocations.keySet().stream().filter(name -> name.startsWith("a")).count();
        assertTrue(fromA == 0 || fromA == UNITS, "a mix of two generations: " + fromA + " a-units");
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(stateDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(AllocationStore.FILE_NAME + ".tmp-"))
                    .toList();
        }
    }
}
