package dev.sublet.supervisor.dbus;

import dev.sublet.supervisor.state.ContainerState;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;

/** One connection to the bus that exports a container and owns its name; dead once disconnected. */
final class BusSession implements AutoCloseable {

    /** Another connection already owns the container's name. */
    static final class NameTakenException extends Exception {
        NameTakenException(String busName) {
            super(busName + " is already owned by another connection");
        }
    }

    private final DBusConnection connection;

    private BusSession(DBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects, exports the object, then claims the name without queueing: the object is in place
     * before anyone can find the name, and a second container of the same name fails at once
     * instead of silently waiting to take over.
     */
    static BusSession open(String address, String busName, ContainerObject object)
            throws DBusException, NameTakenException {
        DBusConnection connection = SessionBus.connect(address);
        try {
            connection.exportObject(BusNames.OBJECT_PATH, object);
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            UInt32 reply = bus.RequestName(busName, new UInt32(DBus.DBUS_NAME_FLAG_DO_NOT_QUEUE));
            if (reply.intValue() != DBus.DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER) {
                throw new NameTakenException(busName);
            }
            return new BusSession(connection);
        } catch (DBusException | NameTakenException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    boolean isConnected() {
        return connection.isConnected();
    }

    /** Sends PropertiesChanged for the changed properties and, if State changed, StateChanged. */
    void announce(ContainerProperties properties, ContainerState state, Set<String> changed) throws DBusException {
        Set<String> announced = new HashSet<>(changed);
        announced.remove("HostPIDs");
        connection.sendMessage(new Properties.PropertiesChanged(BusNames.OBJECT_PATH, BusNames.INTERFACE,
                properties.values(announced), List.of()));
        if (changed.contains("State")) {
            connection.sendMessage(new Container1.StateChanged(BusNames.OBJECT_PATH, state.phase().label()));
        }
    }

    /** Disconnecting also releases the name. */
    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(DBusConnection connection) {
        try {
            connection.close();
        } catch (IOException | DBusExecutionException e) {
            // The bus may already be gone; there is nothing left to release.
        }
    }
}
