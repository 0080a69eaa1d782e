package dev.sublet.generator.alloc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Child-process main for {@link KilledStateWriterTest}: rewrites the state file for ever, each
 * round replacing every allocation (units {@code a0..} in even rounds, {@code b0..} in odd ones),
 * so that at any moment a kill is likely to hit a write. Creates STATE_DIR/ready after the first
 * round. Arguments: STATE_DIR UNITS.
 */
public final class StateWriterWorker {

    private static final List<IdRange> POOL = List.of(new IdRange(100_000, 1_000_000_000L));

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        int units = Integer.parseInt(args[1]);
        for (long round = 0; ; round++) {
            String prefix = round % 2 == 0 ? "a" : "b";
            Set<String> present = new HashSet<>();
            try (AllocationStore store = AllocationStore.open(stateDir, POOL, POOL, System.err::println)) {
                for (int unit = 0; unit < units; unit++) {
                    String name = prefix + unit + ".service";
                    store.allocator().allocate(name, 1024, 1024, List.of(), List.of());
                    present.add(name);
                }
                store.finish(present);
            }
            if (round == 0) {
                Files.createFile(stateDir.resolve("ready"));
            }
        }
    }
}
