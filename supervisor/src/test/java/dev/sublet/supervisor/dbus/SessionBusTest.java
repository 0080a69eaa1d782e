package dev.sublet.supervisor.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionBusTest {

    @Test
    void theExplicitAddressWinsOverTheRuntimeDirectory() {
        assertEquals(Optional.of("unix:path=/a"),
                SessionBus.address(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/a", "XDG_RUNTIME_DIR", "/run/user/1")));
        assertEquals(Optional.of("unix:path=/run/user/1/bus"), SessionBus.address(Map.of("XDG_RUNTIME_DIR", "/run/user/1")));
        assertEquals(Optional.of("unix:path=/run/user/1/bus"),
                SessionBus.address(Map.of("DBUS_SESSION_BUS_ADDRESS", " ", "XDG_RUNTIME_DIR", "/run/user/1")));
        assertEquals(Optional.empty(), SessionBus.address(Map.of()));
    }
}
