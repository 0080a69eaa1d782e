package dev.sublet.generator.userns;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.alloc.IdRange;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the user-namespace keys of a unit into host-flat uid/gid map lines, the way Podman would
 * map them (see design.md, "Userns resolution"). Rootless maps are built in Podman's intermediate
 * space ({@link IdLayout}) and translated, so every line lies inside one subordinate range.
 *
 * <p>System mode (root): {@code host}, unset and {@code keep-id} give the identity map
 * {@code 0 0 4294967295}: root's units need no id shift, and an identity namespace keeps the
 * supervisor's code path the same for every unit. {@code nomap} is rootless-only; {@code auto}
 * draws from the {@code containers} entry of /etc/subuid and /etc/subgid; UIDMap=/GIDMap= host ids
 * are real host ids.
 *
 * <p>The subordinate-id files are read once per run, with the parsing policy of {@link SubIdFile}.
 */
public final class DefaultUserNsResolver implements UserNsResolver {

    private final GeneratorContext context;
    private final Consumer<String> warnings;
    private final SubordinateIds subIds;
    private final AutoUserNs auto;
    /** Units resolved this run without {@code auto}: an allocation they had from before is released. */
    private final Set<String> notAuto = new HashSet<>();

    public DefaultUserNsResolver(GeneratorContext context) {
        this(context, System.err::println);
    }

    /** @param warnings receives non-fatal problems (malformed subuid lines, a corrupt state file) */
    public DefaultUserNsResolver(GeneratorContext context, Consumer<String> warnings) {
        this.context = context;
        this.warnings = warnings;
        this.subIds = new SubordinateIds(context, warnings);
        this.auto = new AutoUserNs(context, subIds, warnings);
    }

    @Override
    public ResolvedUserNs resolve(UserNsRequest request) throws UnitFileException {
        checkCombinations(request);
        UserNsMode mode = UserNsMode.parse(request.userNs());
        if (mode.kind() != UserNsMode.Kind.AUTO) {
            notAuto.add(request.serviceName());
        }
        if (!request.uidMaps().isEmpty() || !request.gidMaps().isEmpty()) {
            return explicitMaps(request);
        }
        if (request.subUidMap() != null || request.subGidMap() != null) {
            return subIdNames(request);
        }
        return switch (mode.kind()) {
            case AUTO -> auto.resolve(request, mode);
            case HOST -> hostMode(request);
            case NOMAP -> nomap(request);
            case KEEP_ID -> keepId(request, mode);
        };
    }

    /**
     * Writes the {@code auto} allocations (releasing those of units not present, or no longer
     * using {@code auto}) and unlocks the state.
     */
    @Override
    public void finish(Set<String> presentServiceNames) throws IOException {
        Set<String> keep = new HashSet<>(presentServiceNames);
        keep.removeAll(notAuto);
        auto.finish(keep);
    }

    private void checkCombinations(UserNsRequest request) throws UnitFileException {
        boolean explicit = !request.uidMaps().isEmpty() || !request.gidMaps().isEmpty();
        boolean named = request.subUidMap() != null || request.subGidMap() != null;
        if (request.userNs() != null && !request.userNs().value().isBlank() && (explicit || named)) {
            throw new UnitFileException(request.userNs(), "UserNS= cannot be combined with UIDMap=, GIDMap=,"
                    + " SubUIDMap= or SubGIDMap= (as in Podman); use one of them");
        }
        if (explicit && named) {
            Entry subIdMap = request.subUidMap() != null ? request.subUidMap() : request.subGidMap();
            throw new UnitFileException(subIdMap, "SubUIDMap=/SubGIDMap= cannot be combined with UIDMap=/GIDMap=");
        }
    }

    /** Everything the user may map, as is: rootless the user as root plus the subordinate ids. */
    private ResolvedUserNs hostMode(UserNsRequest request) throws UnitFileException {
        return intermediate(request, List.of(new IdMapping(0, 0, subIds.layout(true).size())),
                List.of(new IdMapping(0, 0, subIds.layout(false).size())));
    }

    private ResolvedUserNs nomap(UserNsRequest request) throws UnitFileException {
        if (context.systemMode()) {
            throw new UnitFileException(request.userNs(), "UserNS=nomap is only for rootless (user) units;"
                    + " system units run as root, whose id cannot be left unmapped");
        }
        long uids = subIds.layout(true).size() - 1;
        long gids = subIds.layout(false).size() - 1;
        if (uids == 0 || gids == 0) {
            throw new UnitFileException(request.userNs(), "UserNS=nomap needs subordinate ids, but "
                    + context.userName() + " has none in " + subIds.path(uids == 0));
        }
        return intermediate(request, List.of(new IdMapping(0, 1, uids)), List.of(new IdMapping(0, 1, gids)));
    }

    /** Podman's rootless keep-id: the user's own id at U, the subordinate ids around it. */
    private ResolvedUserNs keepId(UserNsRequest request, UserNsMode mode) throws UnitFileException {
        if (context.systemMode()) {
            if (mode.uid() != null || mode.gid() != null || mode.size() != null) {
                throw new UnitFileException(request.userNs(), "keep-id options are not supported in system"
                        + " units (root's ids are kept as they are); use UserNS=auto or UIDMap= instead");
            }
            return hostMode(request);
        }
        long uid = mode.uid() != null ? mode.uid() : context.uid();
        long gid = mode.gid() != null ? mode.gid() : context.gid();
        Entry blame = request.userNs();
        List<IdMapping> uidMap = keepIdMap(uid, subIds.layout(true).size() - 1, mode.size());
        List<IdMapping> gidMap = keepIdMap(gid, subIds.layout(false).size() - 1, mode.size());
        // The payload runs as the kept user; the supervisor adds it to the container's /etc/passwd
        // and /etc/group unless the rootfs already knows that id or name (as Podman does).
        RootfsIds rootfs = RootfsIds.read(request.rootfs(), warnings);
        String name = context.userName();
        List<String> passwd = rootfs.hasUser(name, uid) ? List.of()
                : List.of(name + ":*:" + uid + ":" + gid + ":" + name + ":" + context.home() + ":/bin/sh");
        List<String> group = rootfs.hasGroup(name, gid) ? List.of() : List.of(name + ":*:" + gid + ":");
        return new ResolvedUserNs(hostLines(uidMap, true, blame), hostLines(gidMap, false, blame),
                request.user() != null ? value(request.user()) : Long.toString(uid),
                request.group() != null ? value(request.group()) : Long.toString(gid),
                passwd, group);
    }

    private static List<IdMapping> keepIdMap(long id, long subordinate, Long size) {
        long max = size == null ? subordinate : Math.min(subordinate, size - 1);
        List<IdMapping> map = new ArrayList<>();
        if (id != 0 && max > 0) {
            map.add(new IdMapping(0, 1, Math.min(id, max)));
        }
        map.add(new IdMapping(id, 0, 1));
        if (max > id) {
            map.add(new IdMapping(id + 1, id + 1, max - id));
        }
        return map;
    }

    private ResolvedUserNs explicitMaps(UserNsRequest request) throws UnitFileException {
        List<IdMapSpec> uidSpecs = specs(request.uidMaps());
        List<IdMapSpec> gidSpecs = specs(request.gidMaps());
        // Podman: if only one of the two is given, it applies to both (except u/g-flagged entries).
        List<IdMapSpec> forUids = uidSpecs.isEmpty() ? gidSpecs : uidSpecs;
        List<IdMapSpec> forGids = gidSpecs.isEmpty() ? uidSpecs : gidSpecs;
        Entry uidBlame = (request.uidMaps().isEmpty() ? request.gidMaps() : request.uidMaps()).get(0);
        Entry gidBlame = (request.gidMaps().isEmpty() ? request.uidMaps() : request.gidMaps()).get(0);
        boolean rootless = !context.systemMode();
        List<IdMapping> uidMap = IntermediateMaps.build(forUids, true, subIds.layout(true), rootless);
        List<IdMapping> gidMap = IntermediateMaps.build(forGids, false, subIds.layout(false), rootless);
        // Every entry restricted to the other kind (e.g. only GIDMap=+g5:@1000): like Podman, this
        // kind keeps the default mapping.
        if (uidMap.isEmpty()) {
            uidMap = List.of(new IdMapping(0, 0, subIds.layout(true).size()));
        }
        if (gidMap.isEmpty()) {
            gidMap = List.of(new IdMapping(0, 0, subIds.layout(false).size()));
        }
        return new ResolvedUserNs(hostLines(uidMap, true, uidBlame), hostLines(gidMap, false, gidBlame),
                value(request.user()), value(request.group()), List.of(), List.of());
    }

    private static List<IdMapSpec> specs(List<Entry> entries) throws UnitFileException {
        List<IdMapSpec> specs = new ArrayList<>();
        for (Entry entry : entries) {
            specs.add(IdMapSpec.parse(entry, entry.value(), true, false));
        }
        return specs;
    }

    /** SubUIDMap=/SubGIDMap=NAME: that name's ranges, sorted by start, from container id 0 on. */
    private ResolvedUserNs subIdNames(UserNsRequest request) throws UnitFileException {
        Entry uidEntry = request.subUidMap() != null ? request.subUidMap() : request.subGidMap();
        Entry gidEntry = request.subGidMap() != null ? request.subGidMap() : request.subUidMap();
        return new ResolvedUserNs(namedRanges(uidEntry, true), namedRanges(gidEntry, false),
                value(request.user()), value(request.group()), List.of(), List.of());
    }

    private List<IdMapping> namedRanges(Entry entry, boolean uids) throws UnitFileException {
        String name = entry.value().strip();
        List<IdRange> ranges = new ArrayList<>(subIds.file(uids).rangesOfName(name));
        if (ranges.isEmpty()) {
            throw new UnitFileException(entry, "no entry for '" + name + "' in " + subIds.path(uids));
        }
        ranges.sort(Comparator.naturalOrder());
        IdLayout layout = subIds.layout(uids);
        List<IdMapping> lines = new ArrayList<>();
        long container = 0;
        for (IdRange range : ranges) {
            // Rootless, newuidmap only accepts the user's own ranges; split where they end.
            List<IdRange> pieces = layout.splitHost(range);
            if (pieces == null) {
                throw new UnitFileException(entry, "range " + range.start() + ":" + range.size() + " of '" + name
                        + "' is not among " + context.userName() + "'s subordinate ids, so newuidmap would refuse it");
            }
            for (IdRange piece : pieces) {
                lines.add(new IdMapping(container, piece.start(), piece.size()));
                container += piece.size();
            }
        }
        return KernelMapRules.check(lines, entry, uids ? "uid" : "gid", subIds.path(uids));
    }

    /** An intermediate map of the user's ids as checked host-flat lines. */
    private ResolvedUserNs intermediate(UserNsRequest request, List<IdMapping> uidMap, List<IdMapping> gidMap)
            throws UnitFileException {
        return new ResolvedUserNs(hostLines(uidMap, true, request.userNs()), hostLines(gidMap, false, request.userNs()),
                value(request.user()), value(request.group()), List.of(), List.of());
    }

    private List<IdMapping> hostLines(List<IdMapping> intermediateMap, boolean uids, Entry blame)
            throws UnitFileException {
        List<IdMapping> lines = IntermediateMaps.toHost(intermediateMap, subIds.layout(uids), blame);
        return KernelMapRules.check(lines, blame, uids ? "uid" : "gid", subIds.path(uids));
    }

    static String value(Entry entry) {
        return entry == null ? null : entry.value().strip();
    }
}
