package dev.sublet.cli;

import dev.sublet.supervisor.dbus.BusNames;
import dev.sublet.supervisor.dbus.Container1;
import dev.sublet.supervisor.dbus.ProcessRow;
import dev.sublet.supervisor.dbus.SessionBus;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The CLI's view of the running containers: every supervisor owns a name on the session bus, so the
 * bus itself is the registry and no other daemon is needed.
 */
final class ContainerClient implements AutoCloseable {

    private final DBusConnection connection;
    private final String address;
    private final DBus bus;

    private ContainerClient(DBusConnection connection, String address) throws DBusException {
        this.connection = connection;
        this.address = address;
        this.bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
    }

    static ContainerClient connect(Map<String, String> environment) {
        String address = SessionBus.address(environment)
                .orElseThrow(() -> new CliException(SessionBus.noAddressReason()
                        + "; run sublet in the user session that runs the containers"));
        try {
            return new ContainerClient(SessionBus.connect(address), address);
        } catch (DBusException e) {
            throw new CliException("cannot reach the D-Bus session bus at " + address + ": " + e.getMessage());
        }
    }

    /** Names of the running containers, sorted. */
    List<String> names() {
        return call(() -> Arrays.stream(bus.ListNames())
                .map(BusNames::containerOf)
                .flatMap(Optional::stream)
                .sorted()
                .toList());
    }

    boolean isRunning(String name) {
        return call(() -> bus.NameHasOwner(busName(name)));
    }

    Map<String, Variant<?>> properties(String name) {
        return call(() -> remote(name, Properties.class).GetAll(BusNames.INTERFACE));
    }

    List<ProcessRow> top(String name) {
        return call(() -> remote(name, Container1.class).Top());
    }

    void stop(String name, int timeoutSeconds) {
        call(() -> {
            remote(name, Container1.class).Stop(new UInt32(timeoutSeconds));
            return null;
        });
    }

    void kill(String name, String signal) {
        call(() -> {
            remote(name, Container1.class).Kill(signal);
            return null;
        });
    }

    private <T extends org.freedesktop.dbus.interfaces.DBusInterface> T remote(String name, Class<T> type)
            throws DBusException {
        if (!bus.NameHasOwner(busName(name))) {
            throw new CliException("no container named '" + name + "' is running (nothing owns " + busName(name)
                    + " on the session bus " + address + "); see sublet ps");
        }
        return connection.getRemoteObject(busName(name), BusNames.OBJECT_PATH, type);
    }

    private static String busName(String name) {
        try {
            return BusNames.forContainer(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private interface BusCall<T> {
        T call() throws DBusException;
    }

    /** Turns bus failures into one-line errors; the remote side's message says what went wrong. */
    private static <T> T call(BusCall<T> call) {
        try {
            return call.call();
        } catch (DBusException | DBusExecutionException e) {
            throw new CliException(e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // Leaving the bus cannot fail in a way the user could act on.
        }
    }
}
