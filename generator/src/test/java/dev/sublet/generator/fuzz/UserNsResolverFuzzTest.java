package dev.sublet.generator.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sublet.common.IdMapping;
import dev.sublet.generator.GeneratorContext;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.userns.DefaultUserNsResolver;
import dev.sublet.generator.userns.ResolvedUserNs;
import dev.sublet.generator.userns.UserNsRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random /etc/subuid and /etc/subgid files, UserNS= values, UIDMap=/GIDMap=/SubUIDMap= entries,
 * User=/Group= and rootfs id databases, several units per run, rootless and system mode, through
 * the real {@link DefaultUserNsResolver} (with a real allocation state dir). Every outcome must be
 * either the documented {@link UnitFileException}, naming the file, line and key, or maps that
 * the kernel and newuidmap accept ({@link KernelIdMapModel}); {@code auto} blocks of different
 * units never share host ids.
 */
class UserNsResolverFuzzTest {

    private static final Path UNIT = Path.of("/units/web.container");
    private static final AtomicInteger RUN = new AtomicInteger();
    private static Path base;
    private static List<Path> rootfses;

    /** One unit's user-namespace keys, at fixed lines of {@link #UNIT}. */
    record UnitKeys(String userNs, List<String> uidMaps, List<String> gidMaps, String subUidMap, String user,
                    int rootfs) {
    }

    @BeforeContainer
    static void makeRootfses() throws IOException {
        base = FuzzInputs.scratchDirectory("userns-fuzz");
        rootfses = new ArrayList<>();
        rootfses.add(null);
        rootfses.add(rootfs("small", "root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n", "root:x:0:\n"));
        rootfses.add(rootfs("large", "root:x:0:0::/:/bin/sh\napp:x:70000:70000::/:/bin/sh\n", "app:x:90000:\n"));
        rootfses.add(rootfs("broken", "root:x:zero:0\n::::\napp:x:4294967295:1\n", "\u0000garbage\n"));
    }

    private static Path rootfs(String name, String passwd, String group) throws IOException {
        Path etc = Files.createDirectories(base.resolve("rootfs-" + name + "/etc"));
        Files.writeString(etc.resolve("passwd"), passwd);
        Files.writeString(etc.resolve("group"), group);
        return etc.getParent();
    }

    @AfterContainer
    static void report() throws IOException {
        FuzzTally.print(UserNsResolverFuzzTest.class);
        try (var files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<UnitKeys> unitKeys() {
        // Plausible values as well as hostile ones, so that the success path is fuzzed too.
        Arbitrary<String> userNs = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(3, Arbitraries.of("auto", "keep-id", "nomap", "host", "auto:size=2048", "keep-id:uid=0,gid=0",
                        "auto:uidmapping=0:@1000:1", "auto:size=1024,gidmapping=0:@1000:1", "keep-id:size=5000")),
                Tuple.of(1, Arbitraries.integers().between(1, 70_000).map(n -> "auto:size=" + n)),
                Tuple.of(5, FuzzInputs.userNsValue()));
        Arbitrary<List<String>> maps = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Arbitraries.of(List.of("0:1:1024"), List.of("0:1:500", "500:2000:500"),
                        List.of("+0:@1000:1"), List.of("0:1:65536"))),
                Tuple.of(2, FuzzInputs.idMapSpec().list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<String> subIdName = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.of("alice", "bob", "1000", "containers", "nosuch", "")));
        Arbitrary<String> user = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.of("0", "1000", "app", "root", "nosuch", "70000", "0:0", "")),
                Tuple.of(1, FuzzInputs.number()));
        // UserNS= with UIDMap= is one well-tested error; mostly keep them apart to reach the maps.
        Arbitrary<Boolean> combine = Arbitraries.integers().between(0, 4).map(n -> n == 0);
        return Combinators.combine(userNs, maps, maps, subIdName, user, Arbitraries.integers().between(0, 3), combine)
                .as((ns, uidMaps, gidMaps, subId, usr, rootfs, both) -> new UnitKeys(
                        both || (uidMaps.isEmpty() && gidMaps.isEmpty() && subId == null) ? ns : null,
                        uidMaps, gidMaps, subId, usr, rootfs));
    }

    @Property(tries = 1500)
    void everyOutcomeIsAUsableMapOrANamedError(
            @ForAll("units") List<UnitKeys> units,
            @ForAll("subIdFiles") String subuid,
            @ForAll("subIdFiles") String subgid,
            @ForAll boolean sameSubgid,
            @ForAll("systemMode") boolean systemMode) throws IOException {
        Path dir = Files.createDirectories(base.resolve("run-" + RUN.incrementAndGet()));
        Files.writeString(dir.resolve("subuid"), subuid);
        Files.writeString(dir.resolve("subgid"), sameSubgid ? subuid : subgid);
        GeneratorContext context = new GeneratorContext(systemMode, systemMode ? 0 : 1000, systemMode ? 0 : 1000,
                systemMode ? "root" : "alice", Path.of(systemMode ? "/root" : "/home/alice"), dir.resolve("subuid"),
                dir.resolve("subgid"), dir.resolve("state"), "/usr/bin/sublet", Map.of());
        List<String> warnings = new ArrayList<>();
        DefaultUserNsResolver resolver = new DefaultUserNsResolver(context, warnings::add);

        Set<String> services = new HashSet<>();
        int resolvedCount = 0;
        List<List<IdMapping>> autoUidBlocks = new ArrayList<>();
        List<List<IdMapping>> autoGidBlocks = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            UnitKeys keys = units.get(i);
            String service = "unit" + i + ".service";
            services.add(service);
            try {
                ResolvedUserNs resolved = resolver.resolve(request(service, keys));
                checkMaps(resolved, keys, context, sameSubgid ? subuid : subgid, subuid);
                resolvedCount++;
                if (isPlainAuto(keys)) {
                    autoUidBlocks.add(resolved.uidMaps());
                    autoGidBlocks.add(resolved.gidMaps());
                }
            } catch (UnitFileException e) {
                checkError(e, context);
            }
        }
        resolver.finish(services);
        checkDisjoint(autoUidBlocks, "uid");
        checkDisjoint(autoGidBlocks, "gid");
        for (String warning : warnings) {
            assertTrue(warning.startsWith(context.subuidFile() + ":") || warning.startsWith(context.subgidFile() + ":")
                    || warning.startsWith(context.stateDir() + "/") || warning.startsWith(base.toString()),
                    "a warning must start with the file it is about: " + warning);
        }
        FuzzTally.count("UserNsResolverFuzzTest.everyOutcomeIsAUsableMapOrANamedError", units.size());
        FuzzTally.outcome("UserNsResolverFuzzTest.everyOutcomeIsAUsableMapOrANamedError, resolved to maps",
                resolvedCount);
    }

    @Provide
    Arbitrary<List<UnitKeys>> units() {
        return unitKeys().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> subIdFiles() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("alice:100000:65536\n", "alice:100000:65536\nalice:300000:10000\n",
                        "1000:100000:65536\ncontainers:1000000:1000000\n",
                        "alice:100000:1000\nalice:101000:1000\nalice:200000:5000\ncontainers:300000:70000\n")),
                Tuple.of(3, FuzzInputs.subIdFile()));
    }

    @Provide
    Arbitrary<Boolean> systemMode() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)),
                Tuple.of(1, Arbitraries.just(true)));
    }

    // Lines of the unit the entries claim to come from; errors must name the matching key.
    private static final int USER_NS_LINE = 3;
    private static final int USER_LINE = 4;
    private static final int SUB_UID_MAP_LINE = 5;
    private static final int UID_MAP_LINE = 10;
    private static final int GID_MAP_LINE = 20;

    private static UserNsRequest request(String service, UnitKeys keys) {
        return new UserNsRequest(service,
                keys.userNs() == null ? null : new Entry("UserNS", keys.userNs(), UNIT, USER_NS_LINE),
                entries("UIDMap", keys.uidMaps(), UID_MAP_LINE), entries("GIDMap", keys.gidMaps(), GID_MAP_LINE),
                keys.subUidMap() == null ? null : new Entry("SubUIDMap", keys.subUidMap(), UNIT, SUB_UID_MAP_LINE),
                null,
                keys.user() == null ? null : new Entry("User", keys.user(), UNIT, USER_LINE),
                null, rootfses.get(keys.rootfs()));
    }

    private static List<Entry> entries(String key, List<String> values, int firstLine) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            entries.add(new Entry(key, values.get(i), UNIT, firstLine + i));
        }
        return entries;
    }

    private static boolean isPlainAuto(UnitKeys keys) {
        return keys.userNs() != null && keys.userNs().strip().startsWith("auto") && !keys.userNs().contains("mapping=")
                && keys.uidMaps().isEmpty() && keys.gidMaps().isEmpty() && keys.subUidMap() == null;
    }

    private static String keyAtLine(int line) {
        if (line == USER_NS_LINE) {
            return "UserNS";
        } else if (line == USER_LINE) {
            return "User";
        } else if (line == SUB_UID_MAP_LINE) {
            return "SubUIDMap";
        }
        return line >= GID_MAP_LINE ? "GIDMap" : "UIDMap";
    }

    /** FILE:LINE: KEY: ... for the unit, or FILE: ... for the subuid files and the state dir. */
    private static void checkError(UnitFileException e, GeneratorContext context) {
        String message = e.getMessage();
        if (e.file().equals(UNIT)) {
            assertTrue(e.line() > 0, "an error in the unit must name a line: " + message);
            String prefix = UNIT + ":" + e.line() + ": " + keyAtLine(e.line()) + ": ";
            assertTrue(message.startsWith(prefix), "expected '" + prefix + "...' but got: " + message);
        } else {
            assertTrue(e.file().equals(context.subuidFile()) || e.file().equals(context.subgidFile())
                    || e.file().startsWith(context.stateDir()), "an error names an unexpected file: " + message);
            assertTrue(message.startsWith(e.file() + ":"), message);
        }
        assertTrue(e.problem() != null && !e.problem().isBlank(), message);
    }

    private static void checkMaps(ResolvedUserNs resolved, UnitKeys keys, GeneratorContext context, String subgid,
                                  String subuid) {
        List<String> problems = new ArrayList<>();
        problems.addAll(KernelIdMapModel.kernelViolations(resolved.uidMaps()));
        problems.addAll(KernelIdMapModel.kernelViolations(resolved.gidMaps()));
        if (!context.systemMode()) {
            problems.addAll(KernelIdMapModel.newuidmapViolations(resolved.uidMaps(), 1000, owned(subuid, "alice", "1000")));
            problems.addAll(KernelIdMapModel.newuidmapViolations(resolved.gidMaps(), 1000, owned(subgid, "alice", "1000")));
        } else if (isPlainAuto(keys)) {
            assertTrue(KernelIdMapModel.hostIdsWithin(resolved.uidMaps(), owned(subuid, "containers", null))
                    && KernelIdMapModel.hostIdsWithin(resolved.gidMaps(), owned(subgid, "containers", null)),
                    "system auto maps must lie in the containers ranges: " + resolved);
        }
        if (!problems.isEmpty()) {
            fail(problems + " for " + keys + " giving " + resolved);
        }
    }

    /** The model's own reading of a subid file: every well-formed range of the owner. */
    private static List<KernelIdMapModel.Allowed> owned(String file, String name, String uid) {
        List<KernelIdMapModel.Allowed> ranges = new ArrayList<>();
        for (String line : file.split("\n")) {
            String[] fields = line.strip().split(":", -1);
            if (fields.length == 3 && (fields[0].equals(name) || fields[0].equals(uid))) {
                try {
                    long start = Long.parseLong(fields[1]);
                    long count = Long.parseLong(fields[2]);
                    if (start >= 0 && count > 0) {
                        ranges.add(new KernelIdMapModel.Allowed(start, count));
                    }
                } catch (NumberFormatException e) {
                    // not a range newuidmap would accept either
                }
            }
        }
        return ranges;
    }

    private static void checkDisjoint(List<List<IdMapping>> blocks, String kind) {
        for (int a = 0; a < blocks.size(); a++) {
            for (int b = 0; b < a; b++) {
                for (IdMapping x : blocks.get(a)) {
                    for (IdMapping y : blocks.get(b)) {
                        assertTrue(!KernelIdMapModel.overlaps(x.hostId(), x.size(), y.hostId(), y.size()),
                                "two auto units share host " + kind + "s: " + x.toProcLine() + " / " + y.toProcLine());
                    }
                }
            }
        }
    }
}
