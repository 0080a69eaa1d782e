package dev.sublet.generator.userns;

import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.util.Set;

/** Resolves UserNS=/UIDMap=/GIDMap=/SubUIDMap=/SubGIDMap=/User=/Group= into concrete maps. */
public interface UserNsResolver {

    ResolvedUserNs resolve(UserNsRequest request) throws UnitFileException;

    /** Persists {@code auto} allocations and releases those of units not in {@code presentServiceNames}. */
    void finish(Set<String> presentServiceNames) throws IOException;
}
