package dev.sublet.supervisor.sys;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A {@code struct msghdr} in native memory for sendmsg/recvmsg with one data byte and one
 * SCM_RIGHTS control message of up to {@code count} fds (LP64 layouts: x86_64 and aarch64).
 */
final class FdMessage {

    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int CMSG_HEADER = 16;

    private final Pointer header;
    private final Pointer control;
    private final int controlSize;
    private final Pointer[] buffers;

    FdMessage(Runtime runtime, int count) {
        Pointer data = Memory.allocateDirect(runtime, 1, true);
        Pointer iovec = Memory.allocateDirect(runtime, IOVEC_SIZE, true);
        iovec.putAddress(0, data.address());
        iovec.putLong(8, 1);
        controlSize = CMSG_HEADER + ((4 * count + 7) & ~7);
        control = Memory.allocateDirect(runtime, controlSize, true);
        header = Memory.allocateDirect(runtime, MSGHDR_SIZE, true);
        header.putAddress(16, iovec.address());
        header.putLong(24, 1);
        header.putAddress(32, control.address());
        header.putLong(40, controlSize);
        // The header holds only raw addresses: the buffers stay reachable (and allocated) through this object.
        this.buffers = new Pointer[] {data, iovec};
    }

    Pointer header() {
        return header;
    }

    void setFds(int[] fds) {
        control.putLong(0, CMSG_HEADER + 4L * fds.length);
        control.putInt(8, SOL_SOCKET);
        control.putInt(12, SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
            control.putInt(CMSG_HEADER + 4L * i, fds[i]);
        }
    }

    /** The fds of the received control message (none if there was none). */
    int[] fds() {
        long controlLength = header.getLong(40);
        if (controlLength < CMSG_HEADER || control.getInt(8) != SOL_SOCKET || control.getInt(12) != SCM_RIGHTS) {
            return new int[0];
        }
        int count = (int) ((control.getLong(0) - CMSG_HEADER) / 4);
        int[] fds = new int[count];
        for (int i = 0; i < count; i++) {
            fds[i] = control.getInt(CMSG_HEADER + 4L * i);
        }
        return fds;
    }
}
