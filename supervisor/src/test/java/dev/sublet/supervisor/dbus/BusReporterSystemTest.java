package dev.sublet.supervisor.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.IdMapping;
import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.state.ContainerState;
import dev.sublet.testsupport.SystemTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reporter against a real, private dbus-daemon, checked with busctl and a Java client. */
class BusReporterSystemTest {

    private static final String BUS_NAME = "io.github.sublet.Container.web_2e1";

    @TempDir
    Path directory;

    private PrivateBus bus;
    private ContainerState state;
    private RecordingControl control;

    @BeforeEach
    void startBus() throws Exception {
        SystemTests.need(onPath("dbus-daemon") && onPath("busctl"), "dbus-daemon and busctl");
        bus = PrivateBus.start(directory);
        RunSpec spec = new RunSpec().name("web.1").unit("web.service").rootfs("/srv/rootfs/web");
        spec.uidMaps().addAll(List.of(IdMapping.parse("0:100000:1000"), IdMapping.parse("1000:1000:1")));
        spec.gidMaps().add(IdMapping.parse("0:200000:65536"));
        spec.labels().put("app", "demo");
        spec.stopTimeoutSeconds(25);
        spec.command().addAll(List.of("/bin/httpd", "-f", "-p", "8080"));
        state = new ContainerState(spec);
        control = new RecordingControl(state);
    }

    @AfterEach
    void stopBus() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void busctlReadsEveryPropertyAsAVariant() throws Exception {
        state.running(ProcessHandle.current().pid(), 1_700_000_000_123L);
        try (var reporter = TestReporters.startReporting(state, control, bus.address())) {
            assertEquals("s \"web.1\"", property("Name"));
            assertEquals("s \"web.service\"", property("Unit"));
            assertEquals("s \"running\"", property("State"));
            assertEquals("u " + ProcessHandle.current().pid(), property("MainPID"));
            assertEquals("a(ttt) 2 0 100000 1000 1000 1000 1", property("UidMap"));
            assertEquals("a(ttt) 1 0 200000 65536", property("GidMap"));
            assertEquals("s \"/srv/rootfs/web\"", property("Rootfs"));
            assertEquals("as 4 \"/bin/httpd\" \"-f\" \"-p\" \"8080\"", property("Command"));
            assertEquals("t 1700000000123000", property("StartedAt"));
            assertEquals("i -1", property("ExitStatus"));
            assertEquals("a{ss} 1 \"app\" \"demo\"", property("Labels"));
            assertEquals("u 25", property("StopTimeout"));
            // This JVM is MainPID, so its own pid leads the list.
            assertTrue(property("HostPIDs").startsWith("au "), property("HostPIDs"));
            assertTrue(property("HostPIDs").contains(" " + ProcessHandle.current().pid()), property("HostPIDs"));
        }
    }

    @Test
    void aMinimalContainerReportsEmptyValuesNotErrors() throws Exception {
        ContainerState minimal = new ContainerState(new RunSpec().name("min"));
        try (var reporter = TestReporters.startReporting(minimal, new RecordingControl(minimal), bus.address())) {
            String all = bus.busctl("call", "io.github.sublet.Container.min", BusNames.OBJECT_PATH,
                    "org.freedesktop.DBus.Properties", "GetAll", "s", BusNames.INTERFACE);
            assertTrue(all.contains("\"Rootfs\" s \"\""), all);
            assertTrue(all.contains("\"Unit\" s \"\""), all);
            assertTrue(all.contains("\"UidMap\" a(ttt) 0"), all);
            assertTrue(all.contains("\"HostPIDs\" au 0"), all);
            assertTrue(all.contains("\"State\" s \"starting\""), all);
        }
    }

    @Test
    void introspectionListsPropertiesMethodsAndSignals() throws Exception {
        try (var reporter = TestReporters.startReporting(state, control, bus.address())) {
            String introspection = bus.busctl("introspect", BUS_NAME, BusNames.OBJECT_PATH, BusNames.INTERFACE);
            for (String member : List.of(".Name ", ".Unit ", ".State ", ".MainPID ", ".HostPIDs ", ".UidMap ",
                    ".GidMap ", ".Rootfs ", ".Command ", ".StartedAt ", ".ExitStatus ", ".Labels ", ".StopTimeout ", ".Stop ",
                    ".Kill ", ".Top ", ".StateChanged ")) {
                assertTrue(introspection.contains(member), member + " missing in\n" + introspection);
            }
            assertTrue(introspection.matches("(?s).*\\.Top\\s+method\\s+-\\s+a\\(ssssuuuss\\).*"), introspection);
            assertFalse(introspection.contains("writable"), "all properties are read-only:\n" + introspection);
        }
    }

    @Test
    void setIsRefusedAsReadOnly() throws Exception {
        try (var reporter = TestReporters.startReporting(state, control, bus.address())) {
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> bus.busctl(
                    "set-property", BUS_NAME, BusNames.OBJECT_PATH, BusNames.INTERFACE, "State", "s", "running"));
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
        }
    }

    @Test
    void stateChangesEmitPropertiesChangedAndStateChanged() throws Exception {
        try (var reporter = TestReporters.startReporting(state, control, bus.address());
                DBusConnection client = SessionBus.connect(bus.address())) {
            BlockingQueue<Properties.PropertiesChanged> changes = new LinkedBlockingQueue<>();
            BlockingQueue<Container1.StateChanged> states = new LinkedBlockingQueue<>();
            client.addSigHandler(Properties.PropertiesChanged.class, changes::add);
            client.addSigHandler(Container1.StateChanged.class, states::add);

            state.running(4242, 1_700_000_000_000L);
            Properties.PropertiesChanged running = changes.poll(10, TimeUnit.SECONDS);
            assertNotNull(running, "no PropertiesChanged after running()");
            assertEquals(BusNames.INTERFACE, running.getInterfaceName());
            Map<String, Variant<?>> changed = running.getPropertiesChanged();
            assertEquals("running", changed.get("State").getValue());
            assertEquals(4242L, ((Number) changed.get("MainPID").getValue()).longValue());
            assertEquals(1_700_000_000_000_000L, ((Number) changed.get("StartedAt").getValue()).longValue());
            assertEquals("running", states.poll(10, TimeUnit.SECONDS).state());

            state.ended(1, true);
            Map<String, Variant<?>> ended = changes.poll(10, TimeUnit.SECONDS).getPropertiesChanged();
            assertEquals("failed", ended.get("State").getValue());
            assertEquals(1, ended.get("ExitStatus").getValue());
            assertEquals("failed", states.poll(10, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void methodsReachTheControl() throws Exception {
        try (var reporter = TestReporters.startReporting(state, control, bus.address())) {
            bus.busctl("call", BUS_NAME, BusNames.OBJECT_PATH, BusNames.INTERFACE, "Kill", "s", "SIGHUP");
            bus.busctl("call", BUS_NAME, BusNames.OBJECT_PATH, BusNames.INTERFACE, "Stop", "u", "7");
            assertEquals(List.of("kill SIGHUP", "stop 7"), control.calls());
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> bus.busctl(
                    "call", BUS_NAME, BusNames.OBJECT_PATH, BusNames.INTERFACE, "Kill", "s", "no such"));
            assertTrue(refused.getMessage().contains("unknown signal 'no such'"), refused.getMessage());
        }
    }

    @Test
    void aSecondContainerOfTheSameNameIsRefusedClearlyAndKeepsRunning() throws Exception {
        try (var first = TestReporters.startReporting(state, control, bus.address())) {
            ContainerState twin = new ContainerState(new RunSpec().name("web.1"));
            try (var second = TestReporters.start(twin, new RecordingControl(twin), bus.address())) {
                TestReporters.awaitTrue(second::notReporting, "second reporter to give up the name");
                assertEquals(1, second.log().size(), second.log().toString());
                String error = second.log().get(0);
                assertTrue(error.contains("another container named 'web.1' already owns " + BUS_NAME), error);
                assertTrue(error.contains("not reported"), error);
                // The first keeps the name; the refused one still takes state changes without failing.
                twin.running(1, 1);
                assertTrue(first.reporting());
                assertEquals("s \"web.1\"", property("Name"));
            }
        }
    }

    @Test
    void aMissingBusIsReportedOnceAndAStartingBusIsPickedUp() throws Exception {
        bus.stopDaemon();
        try (var reporter = TestReporters.start(state, control, bus.address())) {
            TestReporters.awaitTrue(reporter::notReporting, "reporter to notice there is no bus");
            Thread.sleep(3 * TestReporters.RETRY.toMillis()); // several failed retries
            state.running(4242, 1); // a state change without a bus must not throw
            assertEquals(1, reporter.log().size(), "one message, not one per retry: " + reporter.log());
            assertTrue(reporter.log().get(0).contains("container state is not reported"), reporter.log().get(0));

            bus.startDaemon();
            TestReporters.awaitTrue(reporter::reporting, "reporter to connect to the new bus");
            assertEquals("u 4242", property("MainPID"));
        }
    }

    @Test
    void reportingResumesAfterTheBusRestarts() throws Exception {
        try (var reporter = TestReporters.startReporting(state, control, bus.address())) {
            bus.stopDaemon();
            TestReporters.awaitTrue(reporter::notReporting, "reporter to notice the bus is gone");
            state.running(777, 1);
            bus.startDaemon();
            TestReporters.awaitTrue(reporter::reporting, "reporter to reconnect");
            assertEquals("s \"running\"", property("State"));
            assertEquals("u 777", property("MainPID"));
            // One line when it goes, one when it is back: the failed retries in between are silent.
            List<String> log = reporter.log();
            assertEquals(2, log.size(), log.toString());
            assertTrue(log.get(0).contains("lost the D-Bus connection to " + bus.address()), log.get(0));
            assertTrue(log.get(1).contains("reporting state on D-Bus again as " + BUS_NAME), log.get(1));
        }
    }

    @Test
    void closingLeavesTheBus() throws Exception {
        var reporter = TestReporters.startReporting(state, control, bus.address());
        reporter.close();
        String names = bus.busctl("list", "--no-pager", "--no-legend");
        assertFalse(names.contains(BUS_NAME), names);
    }

    private String property(String name) throws Exception {
        return bus.busctl("get-property", BUS_NAME, BusNames.OBJECT_PATH, BusNames.INTERFACE, name).strip();
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
