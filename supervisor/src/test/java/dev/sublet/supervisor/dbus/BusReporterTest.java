package dev.sublet.supervisor.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sublet.common.RunSpec;
import dev.sublet.supervisor.state.ContainerState;
import org.junit.jupiter.api.Test;

/** Reporters that cannot report at all: the container must not notice beyond one log line. */
class BusReporterTest {

    @Test
    void withoutABusAddressItSaysSoOnceAndStateChangesStillWork() {
        ContainerState state = new ContainerState(new RunSpec().name("web"));
        try (var reporter = TestReporters.start(state, new RecordingControl(state), null)) {
            assertTrue(reporter.notReporting());
            state.running(42, 1);
            state.ended(0, false);
            assertEquals(1, reporter.log().size(), reporter.log().toString());
            assertEquals("web: container state is not reported (sublet ps/top/inspect will not see it): no session bus:"
                    + " neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set", reporter.log().get(0));
        }
        assertEquals("exited", state.phase().label());
    }

    @Test
    void aNameTooLongForTheBusIsReportedOnce() {
        ContainerState state = new ContainerState(new RunSpec().name("-".repeat(100)));
        try (var reporter = TestReporters.start(state, new RecordingControl(state), "unix:path=/nonexistent")) {
            assertTrue(reporter.notReporting());
            assertEquals(1, reporter.log().size(), reporter.log().toString());
            assertTrue(reporter.log().get(0).contains("too long for a D-Bus name"), reporter.log().get(0));
        }
    }
}
