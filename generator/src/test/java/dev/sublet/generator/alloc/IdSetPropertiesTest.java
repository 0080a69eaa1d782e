package dev.sublet.generator.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** IdSet against a BitSet model on a small id space. */
class IdSetPropertiesTest {

    record Op(int kind, int start, int size) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(1, 60)).as(Op::new).list().ofMaxSize(40);
    }

    @Property
    void behavesLikeABitSet(@ForAll("ops") List<Op> ops) {
        IdSet set = new IdSet();
        BitSet model = new BitSet();
        for (Op op : ops) {
            IdRange range = new IdRange(op.start(), op.size());
            switch (op.kind()) {
                case 0, 1 -> {
                    set.add(range);
                    model.set(op.start(), op.start() + op.size());
                }
                case 2 -> {
                    long removed = set.remove(range).stream().mapToLong(IdRange::size).sum();
                    assertEquals(model.get(op.start(), op.start() + op.size()).cardinality(), removed);
                    model.clear(op.start(), op.start() + op.size());
                }
                case 3 -> {
                    List<IdRange> taken = set.takeFirstFit(op.size());
                    if (taken == null) {
                        assertEquals(true, model.cardinality() < op.size());
                    } else {
                        assertEquals(op.size(), Allocation.total(taken));
                        for (IdRange piece : taken) {
                            assertEquals(piece.size(), model.get((int) piece.start(), (int) piece.end()).cardinality());
                            model.clear((int) piece.start(), (int) piece.end());
                        }
                    }
                }
                default -> {
                    BitSet inside = model.get(op.start(), op.start() + op.size());
                    assertEquals(inside.cardinality(), Allocation.total(set.intersection(range)));
                    assertEquals(inside.cardinality() == op.size(), set.containsAll(range));
                    assertEquals(!inside.isEmpty(), set.containsAny(range));
                }
            }
            assertEquals(model, toBitSet(set));
            assertEquals(model.cardinality(), set.count());
        }
    }

    @Property
    void intervalsStayCoalesced(@ForAll("ops") List<Op> ops) {
        IdSet set = new IdSet();
        for (Op op : ops) {
            set.add(new IdRange(op.start(), op.size()));
        }
        List<IdRange> ranges = set.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(true, ranges.get(i - 1).end() < ranges.get(i).start(), ranges.toString());
        }
    }

    @Property
    void minusRemovesTheUnionOfPossiblyOverlappingIntervals(@ForAll("ops") List<Op> poolOps,
            @ForAll("ops") List<Op> usedOps) {
        IdSet pool = new IdSet();
        BitSet model = new BitSet();
        for (Op op : poolOps) {
            pool.add(new IdRange(op.start(), op.size()));
            model.set(op.start(), op.start() + op.size());
        }
        long[] starts = new long[usedOps.size()];
        long[] ends = new long[usedOps.size()];
        for (int i = 0; i < usedOps.size(); i++) {
            Op op = usedOps.get(i);
            starts[i] = op.start();
            ends[i] = op.start() + op.size();
            model.clear(op.start(), op.start() + op.size());
        }
        Arrays.sort(starts);
        Arrays.sort(ends);
        IdSet free = IdSet.minus(pool, starts, ends);
        assertEquals(model, toBitSet(free));
        assertEquals(model.cardinality(), free.count());
        List<IdRange> ranges = free.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(true, ranges.get(i - 1).end() < ranges.get(i).start(), ranges.toString());
        }
    }

    private static BitSet toBitSet(IdSet set) {
        BitSet bits = new BitSet();
        for (IdRange range : set.ranges()) {
            bits.set((int) range.start(), (int) range.end());
        }
        return bits;
    }
}
