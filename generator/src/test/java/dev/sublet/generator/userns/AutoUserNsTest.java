package dev.sublet.generator.userns;

import static dev.sublet.generator.userns.UserNsFixture.entry;
import static dev.sublet.generator.userns.UserNsFixture.lines;
import static dev.sublet.generator.userns.UserNsFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.alloc.AllocationStore;
import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UserNS=auto: sizing, options, errors and the persisted, stable allocations. */
class AutoUserNsTest {

    @TempDir
    Path dir;
    UserNsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new UserNsFixture(dir);
    }

    private static UserNsRequest auto(String service, String value, Path rootfs) {
        return request(service, entry("UserNS", value), List.of(), List.of(), null, null, null, null, rootfs);
    }

    /** One generator run: resolve each unit, then finish with every name given as present. */
    private List<ResolvedUserNs> run(Set<String> present, UserNsRequest... requests) throws Exception {
        DefaultUserNsResolver resolver = fixture.resolver();
        try {
            return Stream.of(requests).map(r -> {
                try {
                    return resolver.resolve(r);
                } catch (UnitFileException e) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }).toList();
        } finally {
            resolver.finish(present);
        }
    }

    private UnitFileException failure(UserNsRequest request) throws Exception {
        DefaultUserNsResolver resolver = fixture.resolver();
        try {
            return assertThrows(UnitFileException.class, () -> resolver.resolve(request));
        } finally {
            resolver.finish(Set.of(request.serviceName()));
        }
    }

    @Test
    void defaultSizeIs1024FromTheStartOfTheUsersRange() throws Exception {
        ResolvedUserNs resolved = run(Set.of("a.service"), auto("a.service", "auto", null)).get(0);
        assertEquals(List.of("0 100000 1024"), lines(resolved.uidMaps()));
        assertEquals(List.of("0 100000 1024"), lines(resolved.gidMaps()));
    }

    @Test
    void sizeComesFromTheRootfsHighestIdWithNobodyIgnored() throws Exception {
        Path rootfs = fixture.rootfs("root:x:0:0::/:/bin/sh\napp:x:2999:3:::\nnobody:x:65534:65534:::\n",
                "root:x:0:\nstaff:x:4999:\nnogroup:x:65534:\n");
        ResolvedUserNs resolved = run(Set.of("a.service"), auto("a.service", "auto", rootfs)).get(0);
        assertEquals(List.of("0 100000 5000"), lines(resolved.uidMaps()));
        Path small = fixture.rootfs("root:x:0:0::/:/bin/sh\nnobody:x:65534:65534:::\n", "root:x:0:\n");
        assertEquals(List.of("0 105000 1024"),
                lines(run(Set.of("a.service", "b.service"), auto("b.service", "auto", small)).get(0).uidMaps()));
    }

    @Test
    void aNamedUserFromTheRootfsCountsForTheSize() throws Exception {
        Path rootfs = fixture.rootfs("root:x:0:0::/:/bin/sh\n", "root:x:0:\n");
        UserNsRequest request = request("a.service", entry("UserNS", "auto"), List.of(), List.of(), null, null,
                entry("User", "3000"), entry("Group", "root"), rootfs);
        ResolvedUserNs resolved = run(Set.of("a.service"), request).get(0);
        assertEquals(List.of("0 100000 3001"), lines(resolved.uidMaps()));
        assertEquals("3000", resolved.user());
        assertEquals("root", resolved.group());
    }

    @Test
    void explicitSizeAndFirstFitAfterOtherUnits() throws Exception {
        List<ResolvedUserNs> resolved = run(Set.of("a.service", "b.service"),
                auto("a.service", "auto:size=10", null), auto("b.service", "auto:size=20", null));
        assertEquals(List.of("0 100000 10"), lines(resolved.get(0).uidMaps()));
        assertEquals(List.of("0 100010 20"), lines(resolved.get(1).uidMaps()));
    }

    @Test
    void allocationsAreStableAcrossRunsAndRemovedUnitsAreReleased() throws Exception {
        run(Set.of("a.service", "b.service", "c.service"), auto("a.service", "auto:size=10", null),
                auto("b.service", "auto:size=10", null), auto("c.service", "auto:size=10", null));
        // b's file is gone; a and c keep their ids even in the opposite order.
        List<ResolvedUserNs> again = run(Set.of("a.service", "c.service"),
                auto("c.service", "auto:size=10", null), auto("a.service", "auto:size=10", null));
        assertEquals(List.of("0 100020 10"), lines(again.get(0).uidMaps()));
        assertEquals(List.of("0 100000 10"), lines(again.get(1).uidMaps()));
        ResolvedUserNs newcomer = run(Set.of("a.service", "c.service", "d.service"),
                auto("d.service", "auto:size=10", null)).get(0);
        assertEquals(List.of("0 100010 10"), lines(newcomer.uidMaps()), "d reuses the ids b released");
    }

    @Test
    void aBrokenUnitThatIsStillPresentKeepsItsIds() throws Exception {
        run(Set.of("a.service"), auto("a.service", "auto:size=10", null));
        run(Set.of("a.service", "b.service"));
        assertEquals(List.of("0 100010 10"), lines(run(Set.of("a.service", "b.service"),
                auto("b.service", "auto:size=10", null)).get(0).uidMaps()));
    }

    @Test
    void aChangedSizeMovesTheAllocation() throws Exception {
        run(Set.of("a.service", "b.service"), auto("a.service", "auto:size=10", null),
                auto("b.service", "auto:size=10", null));
        assertEquals(List.of("0 100020 20"),
                lines(run(Set.of("a.service", "b.service"), auto("a.service", "auto:size=20", null)).get(0).uidMaps()));
    }

    @Test
    void allocationsSpanSeveralRangesWithOneLinePerRange() throws Exception {
        fixture.subIds("alice:100000:600\nalice:200000:600\n");
        assertEquals(List.of("0 100000 600", "600 200000 424"),
                lines(run(Set.of("a.service"), auto("a.service", "auto", null)).get(0).uidMaps()));
    }

    @Test
    void exhaustionSaysHowManyWereWantedAndHowManyAreFree() throws Exception {
        fixture.subIds("alice:100000:3000\n");
        run(Set.of("a.service"), auto("a.service", "auto:size=2500", null));
        UnitFileException error = failure(auto("b.service", "auto", null));
        assertTrue(error.getMessage().startsWith("/units/web.container:7: UserNS: not enough unused IDs in user"
                + " namespace: 1024 uids wanted, 500 free"), error.getMessage());
    }

    @Test
    void uidmappingHostIdsAreIntermediateAndAreKeptOutOfTheAllocation() throws Exception {
        ResolvedUserNs resolved = run(Set.of("a.service"),
                auto("a.service", "auto:size=10,uidmapping=3:1:2,gidmapping=0:@1000:1", null)).get(0);
        // Intermediate 1-2 are host 100000-100001, so the allocation starts above them and skips container 3-4.
        assertEquals(List.of("0 100002 3", "3 100000 2", "5 100005 7"), lines(resolved.uidMaps()));
        assertEquals(List.of("0 1000 1", "1 100000 10"), lines(resolved.gidMaps()));
    }

    @Test
    void autoOptionsAreChecked() throws Exception {
        assertTrue(failure(auto("a.service", "auto:sise=5", null)).getMessage()
                .endsWith("UserNS: unknown option 'sise' in UserNS=auto; valid options are gidmapping, size, uidmapping"));
        assertTrue(failure(auto("a.service", "auto:size=many", null)).getMessage()
                .contains("malformed option 'size=many' in UserNS=auto"));
        assertTrue(failure(auto("a.service", "auto:uidmapping=0:1", null)).getMessage()
                .contains("malformed id mapping '0:1'; expected CONTAINER:[@]HOST:SIZE"));
        assertTrue(failure(auto("a.service", "auto:gidmapping=+0:1:1", null)).getMessage()
                .contains("malformed id mapping '+0:1:1'"));
        assertTrue(failure(auto("a.service", "auto:,", null)).getMessage().contains("malformed option ''"));
    }

    @Test
    void systemModeDrawsFromTheContainersEntry() throws Exception {
        fixture.systemMode = true;
        fixture.subIds("alice:100000:65536\ncontainers:2147483647:2147483648\n");
        ResolvedUserNs resolved = run(Set.of("a.service"), auto("a.service", "auto", null)).get(0);
        assertEquals(List.of("0 2147483647 1024"), lines(resolved.uidMaps()));
        fixture.subIds("alice:100000:65536\n");
        assertTrue(failure(auto("b.service", "auto", null)).getMessage().contains("1024 uids wanted, 0 free"));
    }

    @Test
    void stateIsPrivateAndVersioned() throws Exception {
        run(Set.of("a.service"), auto("a.service", "auto", null));
        Path state = dir.resolve("state");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        Path file = state.resolve(AllocationStore.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("sublet-idmap-allocations 1", "a.service 100000+1024 100000+1024", "end 1"),
                Files.readAllLines(file));
    }

    @Test
    void aCorruptStateFileIsMovedAsideAndReported() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve(AllocationStore.FILE_NAME), "sublet-idmap-allocations 1\na.service 1+x 1+1\n");
        ResolvedUserNs resolved = run(Set.of("b.service"), auto("b.service", "auto", null)).get(0);
        assertEquals(List.of("0 100000 1024"), lines(resolved.uidMaps()));
        try (Stream<Path> files = Files.list(state)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("idmap-allocations.corrupt-")));
        }
        assertEquals(1, fixture.warnings.size(), fixture.warnings.toString());
        assertTrue(fixture.warnings.get(0).contains(":2: '1+x' is not START+SIZE: state file is corrupt; moved it"),
                fixture.warnings.get(0));
    }

    @Test
    void finishWithoutAutoUnitsStillReleasesRemovedOnes() throws Exception {
        run(Set.of("a.service"), auto("a.service", "auto", null));
        run(Set.of());
        assertFalse(Files.readString(dir.resolve("state").resolve(AllocationStore.FILE_NAME)).contains("a.service"));
    }

    @Test
    void aUnitThatStopsUsingAutoGivesItsIdsBack() throws Exception {
        run(Set.of("a.service"), auto("a.service", "auto", null));
        run(Set.of("a.service"), auto("a.service", "keep-id", null));
        assertEquals(List.of("sublet-idmap-allocations 1", "end 0"),
                Files.readAllLines(dir.resolve("state").resolve(AllocationStore.FILE_NAME)));
    }

    @Test
    void symlinksInTheRootfsAreNotFollowedWhenSizing() throws Exception {
        Path hostFile = Files.writeString(dir.resolve("host-passwd"), "big:x:50000:50000:::\n");
        Path linkedFile = fixture.rootfs("", "");
        Files.delete(linkedFile.resolve("etc/passwd"));
        Files.createSymbolicLink(linkedFile.resolve("etc/passwd"), hostFile);
        Path linkedEtc = Files.createDirectories(dir.resolve("rootfs-linked-etc"));
        Files.createDirectories(dir.resolve("host-etc"));
        Files.writeString(dir.resolve("host-etc/group"), "big:x:50000:\n");
        Files.createSymbolicLink(linkedEtc.resolve("etc"), dir.resolve("host-etc"));
        List<ResolvedUserNs> resolved = run(Set.of("a.service", "b.service"),
                auto("a.service", "auto", linkedFile), auto("b.service", "auto", linkedEtc));
        assertEquals(List.of("0 100000 1024"), lines(resolved.get(0).uidMaps()));
        assertEquals(List.of("0 101024 1024"), lines(resolved.get(1).uidMaps()));
        assertTrue(fixture.warnings.stream().anyMatch(w -> w.contains("rootfs-linked-etc/etc: is a symbolic link")),
                fixture.warnings.toString());
    }
}
