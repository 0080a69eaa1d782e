package dev.sublet.supervisor.dbus;

import dev.sublet.supervisor.state.ContainerControl;
import dev.sublet.supervisor.state.ContainerState;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.errors.InvalidMethodArgument;
import org.freedesktop.dbus.errors.PropertyReadOnly;
import org.freedesktop.dbus.errors.UnknownInterface;
import org.freedesktop.dbus.errors.UnknownProperty;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** The object exported at {@link BusNames#OBJECT_PATH}: {@link Container1} plus hand-made Properties. */
final class ContainerObject implements Container1, Properties {

    private final ContainerProperties properties;
    private final ContainerState state;
    private final ContainerControl control;
    private final ContainerTop top;

    ContainerObject(ContainerState state, ContainerControl control, ContainerTop top) {
        this.state = state;
        this.control = control;
        this.top = top;
        this.properties = new ContainerProperties(state, top);
    }

    ContainerProperties properties() {
        return properties;
    }

    @Override
    public String getObjectPath() {
        return BusNames.OBJECT_PATH;
    }

    @Override
    public void Stop(UInt32 timeoutSeconds) {
        control.stop((int) Math.min(Integer.MAX_VALUE, timeoutSeconds.longValue()));
    }

    @Override
    public void Kill(String signal) {
        try {
            control.kill(signal);
        } catch (IllegalArgumentException e) {
            throw new InvalidMethodArgument(e.getMessage());
        }
    }

    @Override
    public List<ProcessRow> Top() {
        return top.rows(state);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String interfaceName, String property) {
        checkInterface(interfaceName);
        if (!properties.has(property)) {
            throw new UnknownProperty("no property " + property + " in " + BusNames.INTERFACE);
        }
        // Returned as a Variant so the reply's signature is "v", as the Properties interface demands.
        return (A) properties.get(property);
    }

    @Override
    public <A> void Set(String interfaceName, String property, A value) {
        checkInterface(interfaceName);
        throw new PropertyReadOnly("property " + property + " of " + BusNames.INTERFACE + " is read-only");
    }

    @Override
    public Map<String, Variant<?>> GetAll(String interfaceName) {
        checkInterface(interfaceName);
        return properties.all();
    }

    /** An empty interface name means "whichever has it", as the D-Bus specification allows. */
    private static void checkInterface(String interfaceName) {
        if (!interfaceName.isEmpty() && !interfaceName.equals(BusNames.INTERFACE)) {
            throw new UnknownInterface("no interface " + interfaceName + " here; properties live in " + BusNames.INTERFACE);
        }
    }
}
