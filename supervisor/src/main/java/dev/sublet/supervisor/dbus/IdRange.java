package dev.sublet.supervisor.dbus;

import dev.sublet.common.IdMapping;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt64;

/** One uid_map/gid_map line on the bus: {@code (ttt)} = container id, host id, size. */
public final class IdRange extends Struct {
    @Position(0)
    public final UInt64 containerId;
    @Position(1)
    public final UInt64 hostId;
    @Position(2)
    public final UInt64 size;

    public IdRange(UInt64 containerId, UInt64 hostId, UInt64 size) {
        this.containerId = containerId;
        this.hostId = hostId;
        this.size = size;
    }

    static IdRange of(IdMapping mapping) {
        return new IdRange(new UInt64(mapping.containerId()), new UInt64(mapping.hostId()), new UInt64(mapping.size()));
    }
}
