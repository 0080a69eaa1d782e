package dev.sublet.supervisor.dbus;

import dev.sublet.common.IdMapping;
import dev.sublet.supervisor.state.ContainerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

/** The property values of {@link Container1}, read fresh from the state on every call. */
final class ContainerProperties {

    private final Map<String, Supplier<Variant<?>>> readers = new LinkedHashMap<>();

    ContainerProperties(ContainerState state, ContainerTop top) {
        readers.put("Name", () -> new Variant<>(state.name()));
        readers.put("Unit", () -> new Variant<>(state.unit()));
        readers.put("State", () -> new Variant<>(state.phase().label()));
        readers.put("MainPID", () -> new Variant<>(new UInt32(state.mainPid())));
        readers.put("HostPIDs", () -> new Variant<>(top.hostPids(state).stream().map(UInt32::new).toList(), "au"));
        readers.put("UidMap", () -> idRanges(state.uidMap()));
        readers.put("GidMap", () -> idRanges(state.gidMap()));
        // D-Bus has no null; a container without a rootfs option (the host's /) reports "".
        readers.put("Rootfs", () -> new Variant<>(Objects.requireNonNullElse(state.rootfs(), "")));
        readers.put("Command", () -> new Variant<>(state.command(), "as"));
        readers.put("StartedAt", () -> new Variant<>(new UInt64(state.startedAtMillis() * 1000)));
        readers.put("ExitStatus", () -> new Variant<>(state.exitStatus()));
        readers.put("Labels", () -> new Variant<>(state.labels(), "a{ss}"));
        readers.put("StopTimeout", () -> new Variant<>(new UInt32(state.stopTimeoutSeconds())));
    }

    boolean has(String property) {
        return readers.containsKey(property);
    }

    Variant<?> get(String property) {
        return readers.get(property).get();
    }

    Map<String, Variant<?>> all() {
        return values(readers.keySet());
    }

    /** The values of some properties, in the interface's order. */
    Map<String, Variant<?>> values(Set<String> properties) {
        Map<String, Variant<?>> values = new LinkedHashMap<>();
        readers.forEach((name, reader) -> {
            if (properties.contains(name)) {
                values.put(name, reader.get());
            }
        });
        return values;
    }

    private static Variant<?> idRanges(List<IdMapping> maps) {
        return new Variant<>(maps.stream().map(IdRange::of).toList(), "a(ttt)");
    }
}
