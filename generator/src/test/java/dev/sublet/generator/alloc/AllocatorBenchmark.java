package dev.sublet.generator.alloc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: times allocating N containers of 1024 ids each in a 2^31-id pool (the rootful
 * {@code containers} range), writing and re-reading the state file, and prints time and heap.
 * Run: {@code java -cp generator/target/classes:generator/target/test-classes
 * dev.sublet.generator.alloc.AllocatorBenchmark [N...]} (default 10000 2000000).
 */
public final class AllocatorBenchmark {

    private static final List<IdRange> POOL = List.of(new IdRange(2147483647L, 2147483648L));

    public static void main(String[] args) throws Exception {
        long[] counts = args.length == 0 ? new long[] {10_000, 2_000_000}
                : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
        for (long count : counts) {
            run(count);
        }
    }

    private static void run(long count) throws Exception {
        System.gc();
        long start = System.nanoTime();
        IdAllocator allocator = new IdAllocator(POOL, POOL, Map.of());
        for (long i = 0; i < count; i++) {
            allocator.allocate("container-" + i + ".service", 1024, 1024, List.of(), List.of());
        }
        long allocated = System.nanoTime();
        Path dir = Files.createTempDirectory("sublet-alloc-bench");
        Path file = dir.resolve(AllocationStore.FILE_NAME);
        AllocationStateFile.write(file, allocator.allocations());
        long written = System.nanoTime();
        Map<String, Allocation> reread = AllocationStateFile.read(file);
        IdAllocator reloaded = new IdAllocator(POOL, POOL, reread);
        reloaded.allocate("one-more.service", 1024, 1024, List.of(), List.of());
        long reloadedAt = System.nanoTime();
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        if (reloaded.allocations().size() != count + 1 || allocator.allocations().size() != count) {
            throw new AssertionError("lost allocations");
        }
        System.out.printf("containers=%d allocate_s=%.3f write_s=%.3f reload_and_allocate_s=%.3f file_bytes=%d"
                        + " live_heap_after_gc_mb=%d (both generations held)%n", count, (allocated - start) / 1e9, (written - allocated) / 1e9,
                (reloadedAt - written) / 1e9, Files.size(file), heap >> 20);
        Files.delete(file);
        Files.delete(dir);
    }
}
