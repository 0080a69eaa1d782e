package dev.sublet.generator.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Allocator invariants over random subordinate layouts and random unit churn: no two units share
 * an id, every id lies in the pool, sizes are exact, exhaustion happens only when too few ids are
 * free, and a unit keeps its ids when others are added or removed (also through the state file).
 */
class IdAllocatorPropertiesTest {

    /** A unit asking for ids: its name, size, and whether it is dropped in the second generation. */
    record Unit(int id, int size, boolean removedLater) {
        String name() {
            return "unit-" + id + ".service";
        }
    }

    @Provide
    Arbitrary<List<IdRange>> pools() {
        // Disjoint ranges in random order: random gaps and sizes, shuffled like a hand-edited /etc/subuid.
        return Combinators.combine(Arbitraries.integers().between(0, 5000), Arbitraries.integers().between(1, 4000))
                .as((gap, size) -> new long[] {gap, size}).list().ofMinSize(1).ofMaxSize(8)
                .map(pairs -> {
                    List<IdRange> ranges = new ArrayList<>();
                    long next = 100000;
                    for (long[] pair : pairs) {
                        next += pair[0];
                        ranges.add(new IdRange(next, pair[1]));
                        next += pair[1];
                    }
                    return ranges;
                }).flatMap(ranges -> Arbitraries.shuffle(ranges));
    }

    @Provide
    Arbitrary<List<Unit>> units() {
        return Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.of(true, false))
                .as((size, removed) -> new long[] {size, removed ? 1 : 0}).list().ofMaxSize(30)
                .map(list -> {
                    List<Unit> units = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        units.add(new Unit(i, (int) list.get(i)[0], list.get(i)[1] == 1));
                    }
                    return units;
                });
    }

    @Property(tries = 300)
    void allocationsNeverOverlapAndStayInThePool(@ForAll("pools") List<IdRange> uidPool,
            @ForAll("pools") List<IdRange> gidPool, @ForAll("units") List<Unit> units) {
        IdAllocator allocator = new IdAllocator(uidPool, gidPool, Map.of());
        for (Unit unit : units) {
            allocateOrCheckExhaustion(allocator, unit);
            checkInvariants(allocator, uidPool, gidPool);
        }
    }

    @Property(tries = 200)
    void unitsKeepTheirIdsWhenOthersComeAndGo(@ForAll("pools") List<IdRange> pool,
            @ForAll("units") List<Unit> first, @ForAll("units") List<Unit> newcomers) throws Exception {
        IdAllocator generation1 = new IdAllocator(pool, pool, Map.of());
        Set<String> granted = new HashSet<>();
        for (Unit unit : first) {
            if (allocateOrCheckExhaustion(generation1, unit)) {
                granted.add(unit.name());
            }
        }
        Set<String> present = new HashSet<>();
        first.stream().filter(u -> !u.removedLater()).forEach(u -> present.add(u.name()));
        generation1.releaseAllExcept(present);
        Map<String, Allocation> before = new LinkedHashMap<>(generation1.allocations());

        Path file = Files.createTempFile("allocations", ".txt");
        try {
            AllocationStateFile.write(file, before);
            IdAllocator generation2 = new IdAllocator(pool, pool, AllocationStateFile.read(file));
            // Newcomers first, then the survivors in reverse order: order must not matter.
            for (Unit unit : newcomers) {
                allocateOrCheckExhaustion(generation2, new Unit(1000 + unit.id(), unit.size(), false));
            }
            List<Unit> survivors = new ArrayList<>(first);
            Collections.reverse(survivors);
            for (Unit unit : survivors) {
                if (!unit.removedLater() && granted.contains(unit.name())) {
                    Allocation again = generation2.allocate(unit.name(), unit.size(), unit.size(), List.of(), List.of());
                    assertEquals(before.get(unit.name()), again, unit.name());
                }
            }
            checkInvariants(generation2, pool, pool);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 200)
    void reservedIdsAreNeverHandedOutAndStayFree(@ForAll("pools") List<IdRange> pool, @ForAll("units") List<Unit> units,
            @ForAll @IntRange(min = 0, max = 40000) int reservedOffset,
            @ForAll @IntRange(min = 1, max = 5000) int reservedSize) {
        IdAllocator allocator = new IdAllocator(pool, pool, Map.of());
        IdRange reserved = new IdRange(100000 + reservedOffset, reservedSize);
        for (Unit unit : units) {
            long free = allocator.freeUids();
            try {
                Allocation allocation = allocator.allocate(unit.name(), unit.size(), unit.size(),
                        List.of(reserved), List.of(reserved));
                allocation.uids().forEach(piece -> assertTrue(!piece.overlaps(reserved), piece + " is reserved"));
                allocation.gids().forEach(piece -> assertTrue(!piece.overlaps(reserved), piece + " is reserved"));
                assertEquals(free - unit.size(), allocator.freeUids(), "the reserved ids went back to the free set");
            } catch (IdsExhaustedException e) {
                // No allocation touches the reserved ids, so all of them that lie in the pool are free.
                long reservedInPool = Allocation.total(IdSet.of(pool).intersection(reserved));
                assertEquals(free - reservedInPool, e.free(), e.getMessage());
                assertTrue(e.free() < unit.size(), e.getMessage());
                assertEquals(free, allocator.freeUids(), "a failed request must not leak ids");
            }
            checkInvariants(allocator, pool, pool);
        }
    }

    /** Allocates; on exhaustion asserts that too few ids really were free. Returns whether it got ids. */
    private static boolean allocateOrCheckExhaustion(IdAllocator allocator, Unit unit) {
        long freeUids = allocator.freeUids();
        long freeGids = allocator.freeGids();
        try {
            Allocation allocation = allocator.allocate(unit.name(), unit.size(), unit.size(), List.of(), List.of());
            assertEquals(unit.size(), Allocation.total(allocation.uids()));
            assertEquals(unit.size(), Allocation.total(allocation.gids()));
            return true;
        } catch (IdsExhaustedException e) {
            assertTrue(unit.size() > freeUids || unit.size() > freeGids, e.getMessage());
            assertEquals(unit.size(), e.wanted());
            assertEquals(freeUids, allocator.freeUids(), "a failed request must not leak ids");
            assertEquals(freeGids, allocator.freeGids(), "a failed request must not leak ids");
            return false;
        }
    }

    private static void checkInvariants(IdAllocator allocator, List<IdRange> uidPool, List<IdRange> gidPool) {
        checkKind(allocator.allocations().values().stream().map(Allocation::uids).toList(), uidPool,
                allocator.freeUids());
        checkKind(allocator.allocations().values().stream().map(Allocation::gids).toList(), gidPool,
                allocator.freeGids());
    }

    private static void checkKind(List<List<IdRange>> allocations, List<IdRange> pool, long free) {
        IdSet poolSet = IdSet.of(pool);
        IdSet used = new IdSet();
        long allocated = 0;
        for (List<IdRange> pieces : allocations) {
            for (IdRange piece : pieces) {
                assertTrue(poolSet.containsAll(piece), piece + " outside " + pool);
                assertTrue(!used.containsAny(piece), piece + " allocated twice");
                used.add(piece);
                allocated += piece.size();
            }
        }
        assertEquals(poolSet.count(), allocated + free, "every pool id is either allocated or free");
    }
}
