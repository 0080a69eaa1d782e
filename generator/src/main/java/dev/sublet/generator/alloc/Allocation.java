package dev.sublet.generator.alloc;

import java.util.List;

/** The host uid and gid pieces given to one unit; uid and gid ranges are allocated independently. */
public record Allocation(List<IdRange> uids, List<IdRange> gids) {

    public Allocation {
        uids = List.copyOf(uids);
        // uid and gid pieces are usually equal; sharing one list saves memory with millions of units.
        gids = gids.equals(uids) ? uids : List.copyOf(gids);
    }

    public static long total(List<IdRange> pieces) {
        long total = 0;
        for (IdRange piece : pieces) {
            total += piece.size();
        }
        return total;
    }
}
