package dev.sublet.generator.alloc;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Not a test: times allocating N containers of 1024 ids each in a 2^31-id pool (the rootful
 * {@code containers} range), writing the state file, and reloading it plus allocating one more
 * (what a daemon-reload with one new unit does), then churn: releasing every second container
 * and allocating N/50 of 2048 ids, which none of the holes left can hold (first fit must not
 * rescan a million holes for each). Prints time and heap. Wall time on a loaded
 * machine mostly measures the other load, so it also prints the CPU time of the whole process
 * (GC threads included), and medians and min/max over the repeats.
 * Run: {@code java -Xmx3g -cp generator/target/classes:generator/target/test-classes
 * dev.sublet.generator.alloc.AllocatorBenchmark [REPEATS [N...]]} (default 5, 10000 2000000).
 */
public final class AllocatorBenchmark {

    private static final List<IdRange> POOL = List.of(new IdRange(2147483647L, 2147483648L));
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final String[] PHASES = {"allocate", "write", "reload+1", "churn"};

    public static void main(String[] args) throws Exception {
        int repeats = args.length == 0 ? 5 : Integer.parseInt(args[0]);
        long[] counts = args.length < 2 ? new long[] {10_000, 2_000_000}
                : Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray();
        for (long count : counts) {
            List<List<Double>> wall = new ArrayList<>();
            List<List<Double>> cpu = new ArrayList<>();
            for (int phase = 0; phase < PHASES.length; phase++) {
                wall.add(new ArrayList<>());
                cpu.add(new ArrayList<>());
            }
            long[] heapAndFile = null;
            for (int repeat = 0; repeat < repeats; repeat++) {
                heapAndFile = run(count, wall, cpu);
            }
            for (int phase = 0; phase < PHASES.length; phase++) {
                System.out.printf("containers=%d %-9s wall_s %s  cpu_s %s%n", count, PHASES[phase],
                        summary(wall.get(phase)), summary(cpu.get(phase)));
            }
            System.out.printf("containers=%d live_heap_mb one_generation=%d both_generations=%d file_bytes=%d%n",
                    count, heapAndFile[0] >> 20, heapAndFile[1] >> 20, heapAndFile[2]);
        }
    }

    /** Runs the three phases once; returns live heap with one and with two allocators held, and the file size. */
    private static long[] run(long count, List<List<Double>> wall, List<List<Double>> cpu) throws Exception {
        Path dir = Files.createTempDirectory("sublet-alloc-bench");
        Path file = dir.resolve(AllocationStore.FILE_NAME);
        try {
            long baseline = liveHeap();
            Phase phase = new Phase(wall, cpu);
            IdAllocator allocator = new IdAllocator(POOL, POOL, Map.of());
            for (long i = 0; i < count; i++) {
                allocator.allocate("container-" + i + ".service", 1024, 1024, List.of(), List.of());
            }
            phase.end(0);
            long oneGeneration = liveHeap() - baseline;
            phase = new Phase(wall, cpu);
            AllocationStateFile.write(file, allocator.table());
            phase.end(1);
            phase = new Phase(wall, cpu);
            IdAllocator reloaded = new IdAllocator(POOL, POOL, AllocationStateFile.readTable(file));
            reloaded.allocate("one-more.service", 1024, 1024, List.of(), List.of());
            phase.end(2);
            long bothGenerations = liveHeap() - baseline;
            if (reloaded.allocations().size() != count + 1 || allocator.allocations().size() != count) {
                throw new AssertionError("lost allocations");
            }
            allocator = null;
            phase = new Phase(wall, cpu);
            Set<String> everySecond = new HashSet<>();
            for (long i = 0; i < count; i += 2) {
                everySecond.add("container-" + i + ".service");
            }
            reloaded.releaseAllExcept(everySecond);
            for (long i = 0; i < count / 50; i++) {
                reloaded.allocate("big-" + i + ".service", 2048, 2048, List.of(), List.of());
            }
            phase.end(3);
            return new long[] {oneGeneration, bothGenerations, Files.size(file)};
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }

    private static long liveHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Wall and process CPU time from construction to {@link #end}. */
    private static final class Phase {
        private final List<List<Double>> wall;
        private final List<List<Double>> cpu;
        private final long wallStart = System.nanoTime();
        private final long cpuStart = OS.getProcessCpuTime();

        Phase(List<List<Double>> wall, List<List<Double>> cpu) {
            this.wall = wall;
            this.cpu = cpu;
        }

        void end(int phase) {
            wall.get(phase).add((System.nanoTime() - wallStart) / 1e9);
            cpu.get(phase).add((OS.getProcessCpuTime() - cpuStart) / 1e9);
        }
    }

    private static String summary(List<Double> seconds) {
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        return String.format("median=%.3f min=%.3f max=%.3f", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }
}
