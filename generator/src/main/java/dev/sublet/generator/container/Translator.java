package dev.sublet.generator.container;

import dev.sublet.generator.unit.UnitFile;
import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.util.Set;

/** Turns the [Container] group of a parsed unit into the settings of {@code sublet run}. */
public interface Translator {

    /**
     * @param unit        the unit with its drop-ins merged
     * @param serviceName the generated service's name, e.g. {@code web.service} (also the key of
     *                    any {@code UserNS=auto} allocation)
     */
    Translation translate(UnitFile unit, String serviceName) throws UnitFileException;

    /**
     * Called once after every unit was translated, with the service names of every unit file that
     * still exists (broken ones included, so their ids are not given away). Persists id allocations
     * and releases those of units whose file is gone.
     *
     * @throws dev.sublet.generator.userns.UnrecordedAllocationsException if the allocations could not
     *         be written; it names the services that must not be generated (the others may be)
     * @throws IOException for any other failure, after which no service may be generated
     */
    void finish(Set<String> presentServiceNames) throws IOException;
}
