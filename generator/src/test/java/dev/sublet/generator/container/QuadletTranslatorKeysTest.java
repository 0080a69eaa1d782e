package dev.sublet.generator.container;

import static dev.sublet.generator.container.TestUnits.minimalWith;
import static dev.sublet.generator.container.TestUnits.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import dev.sublet.generator.unit.Entry;
import dev.sublet.generator.unit.UnitFileException;
import dev.sublet.generator.userns.ResolvedUserNs;
import dev.sublet.generator.userns.UserNsRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each supported [Container] key lands in the right {@code sublet run} setting. */
class QuadletTranslatorKeysTest {

    private final TestUnits units = new TestUnits();

    private RunSpec spec(String... lines) throws UnitFileException {
        return units.translate(minimalWith(lines)).spec();
    }

    @Test
    void minimalUnitGetsNameUnitRootfsAndCommand() throws UnitFileException {
        RunSpec spec = spec();
        assertEquals("web", spec.name());
        assertEquals("web.service", spec.unit());
        assertEquals("/srv/web", spec.rootfs());
        assertEquals(List.of("/bin/httpd", "-f"), spec.command());
    }

    @Test
    void defaultsAreSublets() throws UnitFileException {
        RunSpec spec = spec();
        assertTrue(spec.noNewPrivileges(), "no_new_privs is on unless NoNewPrivileges=false");
        assertEquals(RunSpec.Network.HOST, spec.network());
        assertFalse(spec.readOnly());
        assertFalse(spec.notifyFromContainer());
        assertFalse(spec.init());
        assertEquals("SIGTERM", spec.stopSignal());
    }

    @ParameterizedTest
    @CsvSource({"web.service, web, web.service", "foo@.service, foo_%i, %n", "foo@bar.service, foo_%i, %n",
            "a.b-c_d.service, a.b-c_d, a.b-c_d.service"})
    void defaultNameIsTheServiceNameWithoutSuffixAndTemplatesKeepTheInstance(String service, String name,
            String unitName) throws UnitFileException {
        assertEquals(name, units.translate(minimalWith(), service).spec().name());
        assertEquals(unitName, units.translate(minimalWith(), service).spec().unit());
    }

    @Test
    void containerNameOverridesTheDefaultAndMayHoldSpecifiers() throws UnitFileException {
        assertEquals("db-%i", spec("ContainerName=db-%i").name());
        assertEquals("web", spec("ContainerName=other", "ContainerName=").name(), "an empty assignment resets");
    }

    @Test
    void relativeRootfsResolvesAgainstTheUnitFilesDirectory() throws UnitFileException {
        assertEquals(TestUnits.UNIT_DIRECTORY.resolve("rootfs").toString(), spec("Rootfs=./rootfs").rootfs());
        assertEquals(TestUnits.UNIT_DIRECTORY.resolve("rootfs").toString(), spec("Rootfs=rootfs").rootfs());
        assertEquals("/home/alice/images/web", spec("Rootfs=%h/images/web").rootfs());
    }

    @Test
    void rootfsIsARequiredMount() throws UnitFileException {
        assertTrue(units.translate(minimalWith()).requiresMountsFor().contains("/srv/web"));
    }

    @Test
    void execIsSplitWithSystemdQuoting() throws UnitFileException {
        assertEquals(List.of("/bin/sh", "-c", "echo \"$HOME\"; sleep 1"),
                spec("Exec=/bin/sh -c 'echo \"$HOME\"; sleep 1'").command());
    }

    @Test
    void entrypointComesBeforeExec() throws UnitFileException {
        assertEquals(List.of("/bin/busybox", "httpd", "-f"), spec("Entrypoint=/bin/busybox", "Exec=httpd -f").command());
        assertEquals(List.of("/bin/sh", "-c", "echo hi"),
                units.translate(unit("Rootfs=/r", "Entrypoint=[\"/bin/sh\", \"-c\"]", "Exec='echo hi'")).spec().command());
    }

    @Test
    void entrypointWithoutExecIsTheWholeCommandAndAPlainValueIsOneWord() throws UnitFileException {
        assertEquals(List.of("/opt/my app/run"), units.translate(unit("Rootfs=/r", "Entrypoint=/opt/my app/run"))
                .spec().command());
    }

    @Test
    void usernsKeysGoToTheResolverAsEntries() throws UnitFileException {
        units.translate(minimalWith("UserNS=auto:size=2048", "UIDMap=0:1:10 +20:30:1", "GIDMap=0:1:10",
                "SubUIDMap=alice", "SubGIDMap=alice", "User=www", "Group=33"));
        UserNsRequest request = units.resolver.request;
        assertEquals("web.service", request.serviceName());
        assertEquals("auto:size=2048", request.userNs().value());
        assertEquals(List.of("0:1:10", "+20:30:1"), request.uidMaps().stream().map(Entry::value).toList());
        assertEquals(List.of("UIDMap"), request.uidMaps().stream().map(Entry::key).distinct().toList());
        assertEquals(List.of(5, 5), request.uidMaps().stream().map(Entry::line).toList(),
                "both words keep the line of their UIDMap= (after Rootfs=, Exec=, UserNS=) for errors");
        assertEquals(List.of("0:1:10"), request.gidMaps().stream().map(Entry::value).toList());
        assertEquals("alice", request.subUidMap().value());
        assertEquals("alice", request.subGidMap().value());
        assertEquals("www", request.user().value());
        assertEquals("33", request.group().value());
        assertEquals("/srv/web", request.rootfs().toString());
    }

    @Test
    void unsetUsernsKeysAreNullOrEmpty() throws UnitFileException {
        units.translate(minimalWith("User=www", "User="));
        UserNsRequest request = units.resolver.request;
        assertNull(request.userNs());
        assertNull(request.user());
        assertTrue(request.uidMaps().isEmpty());
    }

    @Test
    void resolvedUsernsFillsMapsIdentityAndExtraEntries() throws UnitFileException {
        units.resolver.answer = new ResolvedUserNs(
                List.of(new IdMapping(0, 100000, 1000), new IdMapping(1000, 1000, 1)),
                List.of(new IdMapping(0, 100000, 1000), new IdMapping(1000, 1000, 1)),
                "1000", "1000", List.of("alice:x:1000:1000::/home/alice:/bin/sh"), List.of("alice:x:1000:"));
        RunSpec spec = spec("UserNS=keep-id");
        assertEquals(units.resolver.answer.uidMaps(), spec.uidMaps());
        assertEquals(units.resolver.answer.gidMaps(), spec.gidMaps());
        assertEquals("1000", spec.user());
        assertEquals("1000", spec.group());
        assertEquals(units.resolver.answer.passwdEntries(), spec.passwdEntries());
        assertEquals(units.resolver.answer.groupEntries(), spec.groupEntries());
    }

    @Test
    void environmentTakesSeveralQuotedAssignmentsPerLineInOrder() throws UnitFileException {
        RunSpec spec = spec("Environment=A=1 \"B=two words\" C=", "Environment=D='x y' A=3");
        assertEquals(List.of("A=1", "B=two words", "C=", "D=x y", "A=3"), spec.environment());
    }

    @Test
    void emptyEnvironmentResetsEarlierOnes() throws UnitFileException {
        assertEquals(List.of("B=2"), spec("Environment=A=1", "Environment=", "Environment=B=2").environment());
    }

    @Test
    void environmentFilesResolveRelativePathsAndEnvironmentHostIsAFlag() throws UnitFileException {
        RunSpec spec = spec("EnvironmentFile=web.env /etc/common.env", "EnvironmentHost=yes");
        assertEquals(List.of(TestUnits.UNIT_DIRECTORY.resolve("web.env").toString(), "/etc/common.env"),
                spec.environmentFiles());
        assertTrue(spec.environmentHost());
    }

    @Test
    void processSettings() throws UnitFileException {
        RunSpec spec = spec("WorkingDir=/var/www", "HostName=web-1.example", "Network=none",
                "Timezone=Europe/Berlin", "StopTimeout=30", "RunInit=true", "ReadOnly=on", "ReadOnlyTmpfs=off",
                "Notify=yes");
        assertEquals("/var/www", spec.workingDir());
        assertEquals("web-1.example", spec.hostName());
        assertEquals(RunSpec.Network.NONE, spec.network());
        assertEquals("Europe/Berlin", spec.timezone());
        assertEquals(30, spec.stopTimeoutSeconds());
        assertTrue(spec.init());
        assertTrue(spec.readOnly());
        assertFalse(spec.readOnlyTmpfs());
        assertTrue(spec.notifyFromContainer());
    }

    @Test
    void noNewPrivilegesFalseIsTheOnlyWayToAllowThem() throws UnitFileException {
        assertFalse(spec("NoNewPrivileges=false").noNewPrivileges());
        assertTrue(spec("NoNewPrivileges=yes").noNewPrivileges());
    }

    @ParameterizedTest
    @CsvSource({"1, true", "yes, true", "Y, true", "TRUE, true", "on, true", "0, false", "no, false", "off, false",
            "False, false"})
    void booleansReadAsSystemdReadsThem(String text, boolean expected) throws UnitFileException {
        assertEquals(expected, spec("RunInit=" + text).init());
    }

    @Test
    void capabilitiesAreNormalisedAndDeduplicated() throws UnitFileException {
        RunSpec spec = spec("AddCapability=net_bind_service CAP_CHOWN", "AddCapability=Cap_Chown",
                "DropCapability=all");
        assertEquals(List.of("CAP_NET_BIND_SERVICE", "CAP_CHOWN"), spec.addCapabilities());
        assertEquals(List.of("ALL"), spec.dropCapabilities());
    }

    @ParameterizedTest
    @CsvSource({"SIGINT, SIGINT", "int, SIGINT", "sigquit, SIGQUIT", "9, SIGKILL", "15, SIGTERM", "10, SIGUSR1"})
    void stopSignalsAreNormalisedToNames(String text, String name) throws UnitFileException {
        assertEquals(name, spec("StopSignal=" + text).stopSignal());
    }

    @Test
    void ulimitsAreCheckedAndKeptInOrder() throws UnitFileException {
        assertEquals(List.of("nofile=1024:2048", "core=0", "memlock=unlimited:-1"),
                spec("Ulimit=NOFILE=1024:2048", "Ulimit=core=0", "Ulimit=memlock=unlimited:-1").ulimits());
    }

    @Test
    void labelsAndAnnotationsAreKeyValueWordsAndLaterOnesWin() throws UnitFileException {
        RunSpec spec = spec("Label=app=web \"tier=front end\"", "Label=app=www", "Annotation=a.b/c=1");
        assertEquals(Map.of("app", "www", "tier", "front end"), spec.labels());
        assertEquals(List.of("app", "tier"), List.copyOf(spec.labels().keySet()));
        assertEquals(Map.of("a.b/c", "1"), spec.annotations());
    }

    @Test
    void serviceNameIsLeftToTheGenerator() throws UnitFileException {
        assertEquals("web", spec("ServiceName=other").name(), "the translator is given the final service name");
    }

    @Test
    void finishDelegatesToTheResolver() throws Exception {
        units.translator().finish(Set.of("web.service", "db.service"));
        assertEquals(Set.of("web.service", "db.service"), units.resolver.finishedWith);
    }
}
