package dev.sublet.generator.userns;

import java.io.IOException;
import java.util.Set;

/**
 * The {@code UserNS=auto} allocations of a run could not be written (read-only state dir, full
 * disk). The state file on disk is intact, since it is replaced atomically or not at all, so the
 * allocations it holds stay valid: units whose ids are recorded there, and units that need none,
 * can still be generated. The units named by {@link #services()} got new (or moved) ids this run
 * that are not recorded; started with them, they could later share ids with another unit.
 */
public final class UnrecordedAllocationsException extends IOException {

    private final transient Set<String> services;

    public UnrecordedAllocationsException(String message, Set<String> services, Throwable cause) {
        super(message, cause);
        this.services = Set.copyOf(services);
    }

    /** The services whose current allocation is not in the state file; empty if only releases were lost. */
    public Set<String> services() {
        return services;
    }
}
