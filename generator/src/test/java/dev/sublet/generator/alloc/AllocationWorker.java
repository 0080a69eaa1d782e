package dev.sublet.generator.alloc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Child-process main for {@link ConcurrentAllocationTest}: runs ROUNDS generator-like cycles
 * (open store, allocate UNITS new units, finish, close) against one shared state dir, starting
 * when the test creates STATE_DIR/go.
 * Arguments: STATE_DIR WORKER ROUNDS UNITS WORKERS.
 */
public final class AllocationWorker {

    static final List<IdRange> POOL = List.of(new IdRange(100000, 3_000_000), new IdRange(5_000_000, 2_000_000));

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        int worker = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int units = Integer.parseInt(args[3]);
        int workers = Integer.parseInt(args[4]);
        Set<String> everyone = new HashSet<>();
        for (int w = 0; w < workers; w++) {
            for (int r = 0; r < rounds; r++) {
                for (int u = 0; u < units; u++) {
                    everyone.add(name(w, r, u));
                }
            }
        }
        // Start together so the cycles really interleave: announce readiness, wait for "go".
        Files.createFile(stateDir.resolve("ready-" + worker));
        while (!Files.exists(stateDir.resolve("go"))) {
            Thread.onSpinWait();
        }
        for (int round = 0; round < rounds; round++) {
            try (AllocationStore store = AllocationStore.open(stateDir, POOL, POOL, System.err::println)) {
                for (int unit = 0; unit < units; unit++) {
                    long size = 1000 + (worker * 131 + round * 17 + unit * 7) % 1000;
                    store.allocator().allocate(name(worker, round, unit), size, size, List.of(), List.of());
                }
                store.finish(everyone);
            }
        }
    }

    static String name(int worker, int round, int unit) {
        return "w" + worker + "-r" + round + "-u" + unit + ".service";
    }
}
