package dev.sublet.supervisor.dbus;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt32;

/**
 * One row of {@code Top()}, signature {@code (ssssuuuss)}: user and group inside the container and
 * on the host (names where known, else numbers), pid inside, pid on the host, parent pid inside
 * (0 for PID 1), the short command name and the full argument list joined by spaces.
 */
public final class ProcessRow extends Struct {
    @Position(0)
    public final String user;
    @Position(1)
    public final String hostUser;
    @Position(2)
    public final String group;
    @Position(3)
    public final String hostGroup;
    @Position(4)
    public final UInt32 pid;
    @Position(5)
    public final UInt32 hostPid;
    @Position(6)
    public final UInt32 parentPid;
    @Position(7)
    public final String comm;
    @Position(8)
    public final String args;

    public ProcessRow(String user, String hostUser, String group, String hostGroup,
            UInt32 pid, UInt32 hostPid, UInt32 parentPid, String comm, String args) {
        this.user = user;
        this.hostUser = hostUser;
        this.group = group;
        this.hostGroup = hostGroup;
        this.pid = pid;
        this.hostPid = hostPid;
        this.parentPid = parentPid;
        this.comm = comm;
        this.args = args;
    }
}
