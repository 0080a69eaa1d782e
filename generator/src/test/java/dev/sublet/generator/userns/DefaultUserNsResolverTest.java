package dev.sublet.generator.userns;

import static dev.sublet.generator.userns.UserNsFixture.entry;
import static dev.sublet.generator.userns.UserNsFixture.lines;
import static dev.sublet.generator.userns.UserNsFixture.request;
import static dev.sublet.generator.userns.UserNsFixture.userNs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.generator.unit.UnitFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every non-auto mode against the maps of design.md (alice, uid 1000, alice:100000:65536). */
class DefaultUserNsResolverTest {

    @TempDir
    Path dir;
    UserNsFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new UserNsFixture(dir);
    }

    private ResolvedUserNs resolve(UserNsRequest request) throws UnitFileException {
        return fixture.resolver().resolve(request);
    }

    private UnitFileException failure(UserNsRequest request) {
        return assertThrows(UnitFileException.class, () -> fixture.resolver().resolve(request));
    }

    @Test
    void unsetAndHostMapTheUserToRootAndTheSubordinateIdsAbove() throws Exception {
        for (String value : new String[] {null, "", "host"}) {
            ResolvedUserNs resolved = resolve(userNs(value));
            assertEquals(List.of("0 1000 1", "1 100000 65536"), lines(resolved.uidMaps()), "UserNS=" + value);
            assertEquals(List.of("0 1000 1", "1 100000 65536"), lines(resolved.gidMaps()), "UserNS=" + value);
            assertNull(resolved.user());
            assertTrue(resolved.passwdEntries().isEmpty());
        }
    }

    @Test
    void hostWithoutSubordinateIdsMapsOnlyTheUser() throws Exception {
        fixture.subIds("bob:200000:65536\n");
        assertEquals(List.of("0 1000 1"), lines(resolve(userNs("host")).uidMaps()));
    }

    @Test
    void keepIdKeepsTheUsersIdAndRunsAsIt() throws Exception {
        ResolvedUserNs resolved = resolve(userNs("keep-id"));
        assertEquals(List.of("0 100000 1000", "1000 1000 1", "1001 101000 64536"), lines(resolved.uidMaps()));
        assertEquals(List.of("0 100000 1000", "1000 1000 1", "1001 101000 64536"), lines(resolved.gidMaps()));
        assertEquals("1000", resolved.user());
        assertEquals("1000", resolved.group());
        assertEquals(List.of("alice:*:1000:1000:alice:/home/alice:/bin/sh"), resolved.passwdEntries());
        assertEquals(List.of("alice:*:1000:"), resolved.groupEntries());
    }

    @Test
    void keepIdOptionsChooseTheContainerIdsAndSize() throws Exception {
        ResolvedUserNs resolved = resolve(userNs("keep-id:uid=11,gid=22,size=2000"));
        assertEquals(List.of("0 100000 11", "11 1000 1", "12 100011 1988"), lines(resolved.uidMaps()));
        assertEquals(List.of("0 100000 22", "22 1000 1", "23 100022 1977"), lines(resolved.gidMaps()));
        assertEquals("11", resolved.user());
        assertEquals("22", resolved.group());
        assertEquals(List.of("alice:*:11:22:alice:/home/alice:/bin/sh"), resolved.passwdEntries());
        assertEquals(List.of("alice:*:22:"), resolved.groupEntries());
    }

    @Test
    void keepIdUserAndGroupKeysWinAndExistingEntriesAreNotAddedAgain() throws Exception {
        Path rootfs = fixture.rootfs("root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n",
                "root:x:0:\n");
        ResolvedUserNs resolved = resolve(request("web.service", entry("UserNS", "keep-id"), List.of(), List.of(),
                null, null, entry("User", "0"), entry("Group", "wheel"), rootfs));
        assertEquals("0", resolved.user());
        assertEquals("wheel", resolved.group());
        assertEquals(List.of(), resolved.passwdEntries());
        assertEquals(List.of("alice:*:1000:"), resolved.groupEntries());
    }

    @Test
    void keepIdRejectsUnknownAndMalformedOptions() {
        assertTrue(failure(userNs("keep-id:colour=red")).getMessage()
                .endsWith("UserNS: unknown option 'colour' in UserNS=keep-id; valid options are gid, size, uid"));
        assertTrue(failure(userNs("keep-id:uid=-1")).getMessage().contains("malformed option 'uid=-1'"));
        assertTrue(failure(userNs("keep-id:size=0")).getMessage().contains("malformed option 'size=0'"));
        assertTrue(failure(userNs("keep-id:uid")).getMessage().contains("malformed option 'uid'"));
    }

    @Test
    void nomapLeavesTheUserOut() throws Exception {
        ResolvedUserNs resolved = resolve(userNs("nomap"));
        assertEquals(List.of("0 100000 65536"), lines(resolved.uidMaps()));
        assertEquals(List.of("0 100000 65536"), lines(resolved.gidMaps()));
    }

    @Test
    void nomapWithoutSubordinateIdsIsAnError() {
        fixture.subIds("");
        assertTrue(failure(userNs("nomap")).getMessage().contains("UserNS=nomap needs subordinate ids"));
    }

    @Test
    void modesWithoutOptionsRejectThemAndUnknownModesAreNamed() {
        assertTrue(failure(userNs("nomap:size=3")).getMessage().contains("UserNS=nomap takes no options"));
        UnitFileException unknown = failure(userNs("private"));
        assertEquals("/units/web.container:7: UserNS: unsupported user namespace mode 'private'; use host,"
                + " keep-id, nomap or auto (or UIDMap=/GIDMap=/SubUIDMap=)", unknown.getMessage());
    }

    @Test
    void severalSubordinateRangesAreUsedInFileOrderAndSplitAtTheirEnds() throws Exception {
        fixture.subIds("alice:300000:10\nbob:1:5\n1000:100000:20\n");
        assertEquals(List.of("0 1000 1", "1 300000 10", "11 100000 20"), lines(resolve(userNs(null)).uidMaps()));
        assertEquals(List.of("0 300000 10", "10 1000 1", "11 100000 20"),
                lines(resolve(userNs("keep-id:uid=10")).uidMaps()));
    }

    @Test
    void adjacentRangesStillGiveOneLineEach() throws Exception {
        fixture.subIds("alice:100000:100\nalice:100100:100\n");
        assertEquals(List.of("0 100000 100", "100 100100 100"), lines(resolve(userNs("nomap")).uidMaps()));
    }

    @Test
    void moreThan340LinesIsAnError() {
        StringBuilder ranges = new StringBuilder();
        for (int i = 0; i < 340; i++) {
            ranges.append("alice:").append(100000 + i * 10).append(":5\n");
        }
        fixture.subIds(ranges.toString());
        UnitFileException error = failure(userNs("host"));
        assertTrue(error.getMessage().contains("the uid map needs 341 lines but the kernel accepts at most 340"),
                error.getMessage());
    }

    @Test
    void systemModeHostAndKeepIdAreTheIdentityAndNomapIsRootlessOnly() throws Exception {
        fixture.systemMode = true;
        for (String value : new String[] {null, "host", "keep-id"}) {
            ResolvedUserNs resolved = resolve(userNs(value));
            assertEquals(List.of("0 0 4294967295"), lines(resolved.uidMaps()));
            assertEquals(List.of("0 0 4294967295"), lines(resolved.gidMaps()));
        }
        assertTrue(failure(userNs("nomap")).getMessage().contains("UserNS=nomap is only for rootless"));
        assertTrue(failure(userNs("keep-id:uid=5")).getMessage().contains("keep-id options are not supported"));
    }

    @Test
    void userAndGroupPassThrough() throws Exception {
        ResolvedUserNs resolved = resolve(request("web.service", null, List.of(), List.of(), null, null,
                entry("User", "www"), entry("Group", "33"), null));
        assertEquals("www", resolved.user());
        assertEquals("33", resolved.group());
    }

    // ---- explicit maps ----

    private UserNsRequest maps(List<String> uidMaps, List<String> gidMaps) {
        return request("web.service", null, uidMaps.stream().map(v -> entry("UIDMap", v)).toList(),
                gidMaps.stream().map(v -> entry("GIDMap", v)).toList(), null, null, null, null, null);
    }

    @Test
    void rootlessUidMapHostIdsAreIntermediate() throws Exception {
        ResolvedUserNs resolved = resolve(maps(List.of("0:1:1000", "1000:0:1"), List.of()));
        assertEquals(List.of("0 100000 1000", "1000 1000 1"), lines(resolved.uidMaps()));
        assertEquals(lines(resolved.uidMaps()), lines(resolved.gidMaps()), "only UIDMap given: copied to gids");
    }

    @Test
    void intermediateIdsAreSplitAcrossSubordinateRanges() throws Exception {
        fixture.subIds("alice:100000:10\nalice:500000:100\n");
        assertEquals(List.of("0 100005 5", "5 500000 20"),
                lines(resolve(maps(List.of("0:6:25"), List.of())).uidMaps()));
    }

    @Test
    void uAndGFlagsRestrictAnEntryToOneKind() throws Exception {
        ResolvedUserNs resolved = resolve(maps(List.of(), List.of("0:1:100", "g100:0:1", "u100:101:1")));
        assertEquals(List.of("0 100000 101"), lines(resolved.uidMaps()), "u100:101:1 continues 0:1:100");
        assertEquals(List.of("0 100000 100", "100 1000 1"), lines(resolved.gidMaps()));
    }

    @Test
    void plusBreaksEarlierMappingsAsInPodmansExample() throws Exception {
        fixture.systemMode = true;
        ResolvedUserNs resolved = resolve(maps(List.of("0:0:65000", "+100000:1:1"), List.of()));
        assertEquals(List.of("0 0 1", "2 2 64998", "100000 1 1"), lines(resolved.uidMaps()));
    }

    @Test
    void rootlessPlusFirstFillsTheRestAndTheOtherKindKeepsTheDefault() throws Exception {
        fixture.subIds("alice:100000:10\n");
        ResolvedUserNs resolved = resolve(maps(List.of(), List.of("+g5:@1000")));
        assertEquals(List.of("0 100000 5", "5 1000 1", "6 100005 5"), lines(resolved.gidMaps()));
        assertEquals(List.of("0 1000 1", "1 100000 10"), lines(resolved.uidMaps()));
    }

    @Test
    void atHostIdsAreLookedUpAndMustBeTheUsers() throws Exception {
        ResolvedUserNs resolved = resolve(maps(List.of("0:@100010:5", "5:@1000"), List.of()));
        assertEquals(List.of("0 100010 5", "5 1000 1"), lines(resolved.uidMaps()));
        UnitFileException error = failure(maps(List.of("0:@5000:1"), List.of()));
        assertEquals("/units/web.container:7: UIDMap: host ids 5000-5000 are not all yours to map: they must be"
                + " your own id or among your subordinate ids in /etc/subuid or /etc/subgid", error.getMessage());
    }

    @Test
    void intermediateIdsBeyondTheSubordinateIdsAreAnError() {
        UnitFileException error = failure(maps(List.of("0:1:65537"), List.of()));
        assertTrue(error.getMessage().contains("intermediate ids 1-65537 do not exist: only 0-65536 do"),
                error.getMessage());
    }

    @Test
    void systemModeHostIdsAreRealAndOverlapsAreRejected() throws Exception {
        fixture.systemMode = true;
        assertEquals(List.of("0 200000 1000"), lines(resolve(maps(List.of("0:200000:1000"), List.of())).uidMaps()));
        UnitFileException overlap = failure(maps(List.of("0:200000:1000", "2000:200500:10"), List.of()));
        assertTrue(overlap.getMessage().contains("would map host ids 200500-200510 twice"), overlap.getMessage());
    }

    @Test
    void malformedMapsAreNamed() {
        for (String bad : new String[] {"0", "a:1:2", "0:1:2:3", "0:@:1", "x0:1:1", "-1:0:1"}) {
            UnitFileException error = failure(maps(List.of(bad), List.of()));
            assertEquals("/units/web.container:7: UIDMap: malformed id mapping '" + bad
                    + "'; expected [+ug]CONTAINER:[@]HOST[:SIZE] with non-negative numbers", error.getMessage());
        }
        assertTrue(failure(maps(List.of("0:1:0"), List.of())).getMessage().contains("size must be at least 1"));
    }

    @Test
    void userNsCannotBeCombinedWithMaps() {
        UserNsRequest request = request("web.service", entry("UserNS", "keep-id"),
                List.of(entry("UIDMap", "0:1:1")), List.of(), null, null, null, null, null);
        assertTrue(failure(request).getMessage().contains("UserNS= cannot be combined with UIDMap="));
        UserNsRequest both = request("web.service", null, List.of(entry("UIDMap", "0:1:1")), List.of(),
                entry("SubUIDMap", "alice"), null, null, null, null);
        assertTrue(failure(both).getMessage().contains("SubUIDMap=/SubGIDMap= cannot be combined"));
    }

    // ---- SubUIDMap / SubGIDMap ----

    private UserNsRequest named(String subUid, String subGid) {
        return request("web.service", null, List.of(), List.of(),
                subUid == null ? null : entry("SubUIDMap", subUid), subGid == null ? null : entry("SubGIDMap", subGid),
                null, null, null);
    }

    @Test
    void subUidMapUsesTheNamesRangesSortedByStart() throws Exception {
        fixture.systemMode = true;
        fixture.subIds("web:500000:1000\nweb:200000:10\nother:1:1\n");
        ResolvedUserNs resolved = resolve(named("web", null));
        assertEquals(List.of("0 200000 10", "10 500000 1000"), lines(resolved.uidMaps()));
        assertEquals(lines(resolved.uidMaps()), lines(resolved.gidMaps()), "SubGIDMap defaults to SubUIDMap");
    }

    @Test
    void rootlessSubUidMapMustStayInsideTheUsersRanges() throws Exception {
        fixture.subIds("alice:100000:65536\nweb:100100:50\nweb:100000:10\nforeign:900000:10\n");
        assertEquals(List.of("0 100000 10", "10 100100 50"), lines(resolve(named("web", "web")).gidMaps()));
        assertTrue(failure(named("foreign", null)).getMessage()
                .contains("range 900000:10 of 'foreign' is not among alice's subordinate ids"));
        assertTrue(failure(named("nobody-here", null)).getMessage()
                .endsWith("SubUIDMap: no entry for 'nobody-here' in " + dir.resolve("subuid")));
    }
}
