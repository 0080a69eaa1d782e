package dev.sublet.supervisor.dbus;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.TypeRef;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusProperty;
import org.freedesktop.dbus.annotations.DBusProperty.Access;
import org.freedesktop.dbus.annotations.PropertiesEmitsChangedSignal.EmitChangeSignal;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;

/**
 * D-Bus interface {@code io.github.sublet.Container1} of one container.
 *
 * <p>The {@link DBusProperty} annotations only feed dbus-java's introspection XML; the values are
 * served by the exported object's own {@code org.freedesktop.DBus.Properties} implementation
 * (dbus-java 5.2.2's bound properties answer Get with a bare value instead of a variant, which
 * busctl rejects). HostPIDs changes whenever the payload forks, so it is read on demand and
 * never announced.
 */
@DBusInterfaceName(BusNames.INTERFACE)
@DBusProperty(name = "Name", type = String.class, access = Access.READ)
@DBusProperty(name = "Unit", type = String.class, access = Access.READ)
@DBusProperty(name = "State", type = String.class, access = Access.READ)
@DBusProperty(name = "MainPID", type = UInt32.class, access = Access.READ)
@DBusProperty(name = "HostPIDs", type = Container1.PidList.class, access = Access.READ,
        emitChangeSignal = EmitChangeSignal.FALSE)
@DBusProperty(name = "UidMap", type = Container1.IdRangeList.class, access = Access.READ)
@DBusProperty(name = "GidMap", type = Container1.IdRangeList.class, access = Access.READ)
@DBusProperty(name = "Rootfs", type = String.class, access = Access.READ)
@DBusProperty(name = "Command", type = Container1.StringList.class, access = Access.READ)
@DBusProperty(name = "StartedAt", type = UInt64.class, access = Access.READ)
@DBusProperty(name = "ExitStatus", type = Integer.class, access = Access.READ)
@DBusProperty(name = "Labels", type = Container1.StringMap.class, access = Access.READ)
@DBusProperty(name = "StopTimeout", type = UInt32.class, access = Access.READ)
public interface Container1 extends DBusInterface {

    /** Sends the stop signal, then SIGKILL after {@code timeoutSeconds}; returns at once. */
    void Stop(UInt32 timeoutSeconds);

    /** Sends a signal (name like {@code HUP}/{@code SIGHUP}, or a number) to the container's PID 1. */
    void Kill(String signal);

    /** One row per process of the container, PID 1 first. */
    List<ProcessRow> Top();

    /** The new State; sent together with PropertiesChanged. */
    class StateChanged extends DBusSignal {
        private final String state;

        public StateChanged(String path, String state) throws DBusException {
            super(path, state);
            this.state = state;
        }

        public String state() {
            return state;
        }
    }

    interface PidList extends TypeRef<List<UInt32>> {
    }

    interface IdRangeList extends TypeRef<List<IdRange>> {
    }

    interface StringList extends TypeRef<List<String>> {
    }

    interface StringMap extends TypeRef<Map<String, String>> {
    }
}
