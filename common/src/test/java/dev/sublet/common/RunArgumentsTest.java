package dev.sublet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunArgumentsTest {

    private static RunSpec fullSpec() {
        RunSpec spec = new RunSpec().name("web").unit("web.service").rootfs("/srv/rootfs")
                .user("1000").group("1000").workingDir("/srv").hostName("web-host")
                .network(RunSpec.Network.NONE).noNewPrivileges(false).readOnly(true).readOnlyTmpfs(false)
                .stopSignal("SIGINT").stopTimeoutSeconds(3).timezone("local").environmentHost(true)
                .init(true).notifyFromContainer(true);
        spec.uidMaps().add(new IdMapping(0, 100000, 1000));
        spec.uidMaps().add(new IdMapping(1000, 1000, 1));
        spec.gidMaps().add(new IdMapping(0, 100000, 65536));
        spec.passwdEntries().add("alice:*:1000:1000:alice:/home/alice:/bin/sh");
        spec.groupEntries().add("alice:*:1000:");
        spec.volumes().add(new VolumeSpec("/data", "/var/data", true, true, false));
        spec.tmpfs().add(new TmpfsSpec("/cache", "size=64m,mode=1777"));
        spec.environment().add("GREETING=hello world");
        spec.environmentFiles().add("/etc/web.env");
        spec.addCapabilities().add("CAP_NET_RAW");
        spec.dropCapabilities().add("CAP_CHOWN");
        spec.ulimits().add("nofile=1024:2048");
        spec.labels().put("app", "web");
        spec.annotations().put("note", "a=b");
        spec.command().addAll(List.of("/bin/httpd", "-f", "--", "-p"));
        return spec;
    }

    @Test
    void everySettingSurvivesFormatAndParse() {
        RunSpec original = fullSpec();
        List<String> args = RunArguments.format(original);
        RunSpec parsed = RunArguments.parse(args);
        assertEquals(args, RunArguments.format(parsed));
        assertEquals(original.uidMaps(), parsed.uidMaps());
        assertEquals(original.volumes(), parsed.volumes());
        assertEquals(List.of("/bin/httpd", "-f", "--", "-p"), parsed.command());
        assertEquals("a=b", parsed.annotations().get("note"));
        assertFalse(parsed.noNewPrivileges());
        assertFalse(parsed.readOnlyTmpfs());
        assertEquals(RunSpec.Network.NONE, parsed.network());
    }

    @Test
    void defaultsAreLeftOffTheCommandLine() {
        RunSpec spec = new RunSpec().name("a").rootfs("/r");
        spec.command().add("/bin/true");
        assertEquals(List.of("--name", "a", "--rootfs", "/r", "--", "/bin/true"), RunArguments.format(spec));
        RunSpec parsed = RunArguments.parse(RunArguments.format(spec));
        assertTrue(parsed.noNewPrivileges());
        assertEquals("SIGTERM", parsed.stopSignal());
        assertEquals(10, parsed.stopTimeoutSeconds());
        assertEquals(RunSpec.Network.HOST, parsed.network());
    }

    @Test
    void inlineValuesAreAccepted() {
        RunSpec spec = RunArguments.parse(List.of("--name=a", "--rootfs=/r", "--read-only=no", "--", "x"));
        assertEquals("a", spec.name());
        assertFalse(spec.readOnly());
    }

    @Test
    void badInputNamesTheOption() {
        assertMessage("unknown option --bogus", List.of("--bogus", "1", "--", "x"));
        assertMessage("--uidmap 0:1: id mapping '0:1' is not CONTAINER:HOST:SIZE", List.of("--uidmap", "0:1", "--", "x"));
        assertMessage("option --name needs a value", List.of("--name"));
        assertMessage("no command given: put the payload after '--'", List.of("--name", "a", "--rootfs", "/r"));
        assertMessage("--rootfs is required", List.of("--name", "a", "--", "x"));
        assertMessage("--volume rel:/x: volume source 'rel' is not an absolute path",
                List.of("--volume", "rel:/x", "--", "x"));
        assertMessage("--network slirp: unsupported network mode (sublet supports host and none)",
                List.of("--network", "slirp", "--", "x"));
        assertMessage("--env NOVALUE: expected KEY=VALUE", List.of("--env", "NOVALUE", "--", "x"));
    }

    @Test
    void idMappingRejectsRangesBeyondTheIdSpace() {
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(0, 4294967290L, 10));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(1, Long.MAX_VALUE, 65536));
        assertThrows(IllegalArgumentException.class, () -> IdMapping.parse("0:1:9223372036854775807"));
        assertEquals("0 100000 65536", IdMapping.parse("0:100000:65536").toProcLine());
    }

    private static void assertMessage(String expected, List<String> args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunArguments.parse(args));
        assertEquals(expected, e.getMessage());
    }
}
