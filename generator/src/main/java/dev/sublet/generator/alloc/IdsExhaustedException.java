package dev.sublet.generator.alloc;

/** Thrown when the free subordinate ids cannot satisfy a request. */
public final class IdsExhaustedException extends Exception {

    private final long wanted;
    private final long free;

    public IdsExhaustedException(String kind, long wanted, long free) {
        super("not enough unused IDs in user namespace: " + wanted + " " + kind + "s wanted, "
                + free + " free");
        this.wanted = wanted;
        this.free = free;
    }

    public long wanted() {
        return wanted;
    }

    public long free() {
        return free;
    }
}
