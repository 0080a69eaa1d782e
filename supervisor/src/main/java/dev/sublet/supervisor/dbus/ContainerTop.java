package dev.sublet.supervisor.dbus;

import dev.sublet.common.IdMapping;
import dev.sublet.supervisor.state.ContainerState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.types.UInt32;

/**
 * Builds {@code Top()}: the processes of one container, with each process's ids both as the
 * container sees them (translated through its id maps, named by the container's own
 * /etc/passwd and /etc/group) and as the host sees them (named by the host's files).
 */
final class ContainerTop {

    /** What the kernel shows inside a user namespace for an id that has no mapping. */
    static final long OVERFLOW_ID = 65534;

    private final HostProcesses processes;
    private final Path hostEtc;

    ContainerTop(HostProcesses processes, Path hostEtc) {
        this.processes = processes;
        this.hostEtc = hostEtc;
    }

    static ContainerTop live() {
        return new ContainerTop(HostProcesses.live(), Path.of("/etc"));
    }

    /** Host pids of the container's processes, PID 1 first. */
    List<Long> hostPids(ContainerState state) {
        return processes.treeOf(state.mainPid());
    }

    List<ProcessRow> rows(ContainerState state) {
        List<HostProcesses.Status> statuses = new ArrayList<>();
        for (long pid : processes.treeOf(state.mainPid())) {
            processes.status(pid).ifPresent(statuses::add);
        }
        if (statuses.isEmpty()) {
            return List.of();
        }
        Path containerRoot = processes.procRoot().resolve(state.mainPid() + "/root");
        IdNames users = IdNames.readContainer(containerRoot, "passwd");
        IdNames groups = IdNames.readContainer(containerRoot, "group");
        IdNames hostUsers = IdNames.readHost(hostEtc.resolve("passwd"));
        IdNames hostGroups = IdNames.readHost(hostEtc.resolve("group"));
        Map<Long, Long> insidePidByHostPid = new HashMap<>();
        statuses.forEach(s -> insidePidByHostPid.put(s.hostPid(), s.namespacePid()));

        List<ProcessRow> rows = new ArrayList<>();
        for (HostProcesses.Status s : statuses) {
            long parent = s.hostPid() == state.mainPid() ? 0 : insidePidByHostPid.getOrDefault(s.hostParentPid(), 0L);
            rows.add(new ProcessRow(
                    users.nameOf(toContainer(state.uidMap(), s.uid())),
                    hostUsers.nameOf(s.uid()),
                    groups.nameOf(toContainer(state.gidMap(), s.gid())),
                    hostGroups.nameOf(s.gid()),
                    new UInt32(s.namespacePid()), new UInt32(s.hostPid()), new UInt32(parent),
                    s.comm(), s.args()));
        }
        return rows;
    }

    /**
     * The id inside the container for a host id, as the kernel's map_id_up computes it; without
     * maps there is no user namespace and ids are the host's.
     */
    static long toContainer(List<IdMapping> maps, long hostId) {
        if (maps.isEmpty()) {
            return hostId;
        }
        for (IdMapping map : maps) {
            if (hostId >= map.hostId() && hostId < map.hostEnd()) {
                return map.containerId() + (hostId - map.hostId());
            }
        }
        return OVERFLOW_ID;
    }
}
