package dev.sublet.supervisor.dbus;

import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;

/** Finding and connecting to the user's session bus, shared by the supervisor and the CLI. */
public final class SessionBus {

    /**
     * dbus-java keeps retrying a socket that is not there until this timeout; its default of 10 s
     * would make {@code sublet ps} hang on a machine without a session bus.
     */
    static final int CONNECT_TIMEOUT_MILLIS = 500;

    private SessionBus() {
    }

    /** {@code DBUS_SESSION_BUS_ADDRESS}, else {@code unix:path=$XDG_RUNTIME_DIR/bus}, as sd-bus does. */
    public static Optional<String> address(Map<String, String> environment) {
        String address = environment.get("DBUS_SESSION_BUS_ADDRESS");
        if (address != null && !address.isBlank()) {
            return Optional.of(address);
        }
        String runtimeDir = environment.get("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            return Optional.of("unix:path=" + runtimeDir + "/bus");
        }
        return Optional.empty();
    }

    /** Why {@link #address} found nothing, for error messages. */
    public static String noAddressReason() {
        return "no session bus: neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set";
    }

    /** A private (unshared) connection, so closing it never affects another user of the same address. */
    public static DBusConnection connect(String address) throws DBusException {
        return DBusConnectionBuilder.forAddress(address)
                .withShared(false)
                .transportConfig().withTimeout(CONNECT_TIMEOUT_MILLIS).back()
                .build();
    }
}
