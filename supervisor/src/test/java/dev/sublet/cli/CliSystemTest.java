package dev.sublet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.dbus.PrivateBus;
import dev.sublet.supervisor.dbus.RecordingControl;
import dev.sublet.supervisor.dbus.TestReporters;
import dev.sublet.supervisor.state.ContainerState;
import dev.sublet.testsupport.SystemTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sublet ps/inspect/top/stop/kill} against containers exported on a private dbus-daemon. */
class CliSystemTest {

    @TempDir
    Path directory;

    private PrivateBus bus;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private Map<String, String> environment;
    private Process sleeper;

    @BeforeEach
    void startBus() throws Exception {
        SystemTests.need(Files.isExecutable(Path.of("/usr/bin/dbus-daemon")), "dbus-daemon");
        bus = PrivateBus.start(directory);
        environment = Map.of("DBUS_SESSION_BUS_ADDRESS", bus.address());
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
        if (bus != null) {
            bus.close();
        }
    }

    private ContainerState export(RunSpec spec) throws InterruptedException {
        ContainerState state = new ContainerState(spec);
        RecordingControl control = new RecordingControl(state);
        cleanup.add(TestReporters.startReporting(state, control, bus.address()));
        controls.put(spec.name(), control);
        return state;
    }

    private final Map<String, RecordingControl> controls = new java.util.HashMap<>();

    private static RunSpec web() {
        RunSpec spec = new RunSpec().name("web").unit("web.service").rootfs("/srv/web");
        spec.uidMaps().addAll(List.of(IdMapping.parse("0:100000:1000"), IdMapping.parse("1000:1000:1"),
                IdMapping.parse("1001:101000:64536")));
        spec.gidMaps().add(IdMapping.parse("0:100000:65536"));
        spec.command().addAll(List.of("/bin/httpd", "-f"));
        spec.labels().put("tier", "front \"end\"");
        return spec;
    }

    /** Above the kernel's largest pid_max (2^22), so no real process can have it: HostPIDs stays empty. */
    private static final long NO_SUCH_PID = 4_194_400L;

    @Test
    void psListsOneLinePerContainer() throws Exception {
        long threeDaysAgo = System.currentTimeMillis() - Duration.ofDays(3).toMillis();
        export(web()).running(NO_SUCH_PID, threeDaysAgo);
        RunSpec db = new RunSpec().name("db.1").rootfs("/srv/db");
        db.uidMaps().add(IdMapping.parse("0:200000:65536"));
        db.command().add("/bin/db");
        export(db);

        CliTest.Result result = CliTest.run(environment, "ps");

        assertEquals(0, result.status(), result.err());
        assertEquals("""
                NAME  UNIT         STATE     PID      UIDS                UPTIME  COMMAND
                db.1  -            starting  0        200000-265535       -       /bin/db
                web   web.service  running   4194400  1000,100000-165535  3d00h   /bin/httpd -f
                """, result.out());
    }

    @Test
    void psWithoutContainersPrintsTheHeaderOnly() {
        CliTest.Result result = CliTest.run(environment, "ps");
        assertEquals(0, result.status(), result.err());
        assertEquals("NAME  UNIT  STATE  PID  UIDS  UPTIME  COMMAND\n", result.out());
    }

    @Test
    void psFormatJsonGivesEveryPropertyOfEveryContainer() throws Exception {
        export(web()).running(NO_SUCH_PID, 1_700_000_000_000L);
        CliTest.Result result = CliTest.run(environment, "ps", "--format", "json");
        assertEquals(0, result.status(), result.err());
        assertTrue(result.out().startsWith("[\n  {\n    \"Name\": \"web\",\n    \"Unit\": \"web.service\",\n"
                + "    \"State\": \"running\",\n    \"MainPID\": 4194400,\n"), result.out());
        assertTrue(result.out().contains("\"StartedAt\": 1700000000000000,"), result.out());
    }

    @Test
    void inspectPrintsAllPropertiesAsJson() throws Exception {
        export(web()).running(NO_SUCH_PID, 1_700_000_000_000L);
        CliTest.Result result = CliTest.run(environment, "inspect", "web");
        assertEquals(0, result.status(), result.err());
        String out = result.out();
        for (String expected : List.of("\"Rootfs\": \"/srv/web\"", "\"ExitStatus\": -1", "\"HostPIDs\": []",
                "\"tier\": \"front \\\"end\\\"\"", "\"Command\": [\n    \"/bin/httpd\",\n    \"-f\"\n  ]",
                "{\n      \"ContainerID\": 1000,\n      \"HostID\": 1000,\n      \"Size\": 1\n    }")) {
            assertTrue(out.contains(expected), expected + " missing in\n" + out);
        }
    }

    @Test
    void unknownNamesFailClearly() throws Exception {
        export(web());
        for (String[] command : List.of(new String[] {"inspect", "nosuch"}, new String[] {"top", "nosuch"},
                new String[] {"stop", "nosuch"}, new String[] {"kill", "nosuch"})) {
            CliTest.Result result = CliTest.run(environment, command);
            assertEquals(1, result.status(), String.join(" ", command));
            assertTrue(result.err().startsWith("sublet: no container named 'nosuch' is running"), result.err());
        }
    }

    @Test
    void topShowsTheProcessesOfTheContainer() throws Exception {
        sleeper = new ProcessBuilder("sleep", "300").start();
        RunSpec spec = new RunSpec().name("top");
        // An identity map: this test's own user is both USER and HUSER.
        spec.uidMaps().add(IdMapping.parse("0:0:4294967294"));
        export(spec).running(sleeper.pid(), System.currentTimeMillis());
        String user = System.getProperty("user.name");

        CliTest.Result result = CliTest.run(environment, "top", "top");
        assertEquals(0, result.status(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(List.of("USER", "HUSER", "PID", "HPID", "COMMAND"), List.of(lines.get(0).split("\\s+")));
        assertEquals(List.of(user, user, Long.toString(sleeper.pid()), Long.toString(sleeper.pid()), "sleep", "300"),
                List.of(lines.get(1).split("\\s+")));
        assertEquals(2, lines.size());

        CliTest.Result custom = CliTest.run(environment, "top", "top", "hpid,comm");
        assertEquals("HPID" + " ".repeat(Math.max(2, Long.toString(sleeper.pid()).length() - 2)) + "COMMAND",
                custom.out().lines().findFirst().orElseThrow());
        assertTrue(custom.out().contains(sleeper.pid() + "  sleep"), custom.out());
    }

    @Test
    void stopAsksTheSupervisorAndWaitsForTheEnd() throws Exception {
        ContainerState state = export(web());
        state.running(NO_SUCH_PID, 1);
        CliTest.Result result = CliTest.run(environment, "stop", "web", "-t", "7");
        assertEquals(0, result.status(), result.err());
        assertEquals("web\n", result.out());
        assertEquals(List.of("stop 7"), controls.get("web").calls());
        assertEquals("exited", state.phase().label());
    }

    @Test
    void stopWithoutATimeoutUsesTheContainersStopTimeout() throws Exception {
        ContainerState state = export(web().stopTimeoutSeconds(42));
        state.running(NO_SUCH_PID, 1);
        CliTest.Result result = CliTest.run(environment, "stop", "web");
        assertEquals(0, result.status(), result.err());
        assertEquals(List.of("stop 42"), controls.get("web").calls());
    }

    @Test
    void killSendsTheSignalAndReportsBadOnes() throws Exception {
        export(web());
        CliTest.Result result = CliTest.run(environment, "kill", "web", "-s", "HUP");
        assertEquals(0, result.status(), result.err());
        assertEquals("web\n", result.out());
        CliTest.Result bad = CliTest.run(environment, "kill", "web", "--signal", "no such");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("unknown signal 'no such'"), bad.err());
        assertEquals(List.of("kill HUP"), controls.get("web").calls());
    }
}
