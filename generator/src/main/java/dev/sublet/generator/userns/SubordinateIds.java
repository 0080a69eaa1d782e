package dev.sublet.generator.userns;

import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.alloc.IdRange;
import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The subordinate ids the generator's user may hand out, read once per run: the user's ranges
 * (rootless) or the {@code containers} entry (system mode) of /etc/subuid and /etc/subgid.
 */
final class SubordinateIds {

    static final String ROOT_POOL_OWNER = "containers";

    private final GeneratorContext context;
    private final Consumer<String> warnings;
    private SubIdFile uidFile;
    private SubIdFile gidFile;
    private List<IdRange> uidPool;
    private List<IdRange> gidPool;

    SubordinateIds(GeneratorContext context, Consumer<String> warnings) {
        this.context = context;
        this.warnings = warnings;
    }

    SubIdFile file(boolean uids) throws UnitFileException {
        if (uids && uidFile == null) {
            uidFile = read(context.subuidFile());
        } else if (!uids && gidFile == null) {
            gidFile = read(context.subgidFile());
        }
        return uids ? uidFile : gidFile;
    }

    private SubIdFile read(Path file) throws UnitFileException {
        try {
            return SubIdFile.read(file, warnings);
        } catch (IOException e) {
            throw new UnitFileException(file, 0, null, "cannot read: " + e.getMessage());
        }
    }

    /** What {@code auto} allocates from: the user's ranges, or the containers entry in system mode. */
    List<IdRange> pool(boolean uids) throws UnitFileException {
        if (uids && uidPool == null) {
            uidPool = poolIn(file(true));
        } else if (!uids && gidPool == null) {
            gidPool = poolIn(file(false));
        }
        return uids ? uidPool : gidPool;
    }

    private List<IdRange> poolIn(SubIdFile file) {
        // /etc/subgid is keyed by user (name or uid) too, not by group.
        return context.systemMode() ? file.rangesOfName(ROOT_POOL_OWNER)
                : file.rangesOf(context.userName(), context.uid());
    }

    /**
     * How UIDMap=/GIDMap= host ids are read: rootless, Podman's intermediate space (own id, then
     * the subordinate ranges); in system mode the identity, host ids are real.
     */
    IdLayout layout(boolean uids) throws UnitFileException {
        if (context.systemMode()) {
            return IdLayout.identity();
        }
        return IdLayout.rootless(uids ? context.uid() : context.gid(), pool(uids));
    }

    /** The file a problem with uid or gid ranges is reported against. */
    Path path(boolean uids) {
        return uids ? context.subuidFile() : context.subgidFile();
    }
}
