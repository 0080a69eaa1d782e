package dev.sublet.generator.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * AllocationTable against a LinkedHashMap model: puts of new and existing owners (with shared and
 * separate gid pieces), and compacting retains, over enough owners to grow the arrays and rehash.
 */
class AllocationTablePropertiesTest {

    /** Kind 0-2: put {@code owner} with {@code pieces} pieces; kind 3: release about a third of the owners. */
    record Op(int kind, int owner, int pieces, boolean sameGids) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(1, 3), Arbitraries.of(true, false)).as(Op::new).list().ofMaxSize(300);
    }

    @Property(tries = 200)
    void behavesLikeAnInsertionOrderedMap(@ForAll("ops") List<Op> ops) {
        AllocationTable table = new AllocationTable();
        Map<String, Allocation> model = new LinkedHashMap<>();
        int step = 0;
        for (Op op : ops) {
            step++;
            if (op.kind() < 3) {
                String owner = "unit-" + op.owner() + "-\u00e9.service";
                Allocation allocation = allocation(op, step);
                table.put(owner, allocation);
                model.put(owner, allocation);
            } else {
                BitSet keep = new BitSet();
                List<String> owners = new ArrayList<>(model.keySet());
                for (int index = 0; index < owners.size(); index++) {
                    if ((owners.get(index).hashCode() + step) % 3 != 0) {
                        keep.set(index);
                    } else {
                        model.remove(owners.get(index));
                    }
                }
                table.retain(keep);
            }
            assertEquals(model.size(), table.size());
        }
        assertEquals(new ArrayList<>(model.entrySet()), new ArrayList<>(table.asMap().entrySet()));
        for (String owner : model.keySet()) {
            assertEquals(model.get(owner), table.asMap().get(owner));
        }
        assertEquals(-1, table.indexOf("absent.service"));
    }

    private static Allocation allocation(Op op, int step) {
        List<IdRange> uids = new ArrayList<>();
        List<IdRange> gids = new ArrayList<>();
        for (int piece = 0; piece < op.pieces(); piece++) {
            uids.add(new IdRange(step * 100L + piece * 10, 5 + piece));
            gids.add(new IdRange(step * 100L + piece * 10 + 1, 5 + piece));
        }
        return new Allocation(uids, op.sameGids() ? uids : gids);
    }
}
