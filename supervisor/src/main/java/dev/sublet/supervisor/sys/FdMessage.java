package dev.sublet.supervisor.sys;

import com.kenai.jffi.MemoryIO;

/**
 * A {@code struct msghdr} in native memory for sendmsg/recvmsg with one data byte and one
 * SCM_RIGHTS control message of up to {@code count} fds (LP64 layouts: x86_64 and aarch64). One
 * block holds the header, the iovec, the data byte and the control buffer; {@link #close} frees it.
 */
final class FdMessage implements AutoCloseable {

    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int DATA_SIZE = 8; // one byte used; 8 keeps the control buffer aligned
    private static final int CMSG_HEADER = 16;

    private final MemoryIO memory = MemoryIO.getInstance();
    private final long header;
    private final long control;

    FdMessage(int count) {
        int controlSize = CMSG_HEADER + ((4 * count + 7) & ~7);
        header = memory.allocateMemory(MSGHDR_SIZE + IOVEC_SIZE + DATA_SIZE + controlSize, true);
        if (header == 0) {
            throw new OutOfMemoryError("cannot allocate a socket message");
        }
        long iovec = header + MSGHDR_SIZE;
        long data = iovec + IOVEC_SIZE;
        control = data + DATA_SIZE;
        memory.putAddress(iovec, data);
        memory.putLong(iovec + 8, 1);
        memory.putAddress(header + 16, iovec);
        memory.putLong(header + 24, 1);
        memory.putAddress(header + 32, control);
        memory.putLong(header + 40, controlSize);
    }

    /** The address of the msghdr, for sendmsg and recvmsg. */
    long header() {
        return header;
    }

    void setFds(int[] fds) {
        memory.putLong(control, CMSG_HEADER + 4L * fds.length);
        memory.putInt(control + 8, SOL_SOCKET);
        memory.putInt(control + 12, SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
            memory.putInt(control + CMSG_HEADER + 4L * i, fds[i]);
        }
    }

    /** The fds of the received control message (none if there was none). */
    int[] fds() {
        long controlLength = memory.getLong(header + 40);
        if (controlLength < CMSG_HEADER || memory.getInt(control + 8) != SOL_SOCKET
                || memory.getInt(control + 12) != SCM_RIGHTS) {
            return new int[0];
        }
        int count = (int) ((memory.getLong(control) - CMSG_HEADER) / 4);
        int[] fds = new int[count];
        for (int i = 0; i < count; i++) {
            fds[i] = memory.getInt(control + CMSG_HEADER + 4L * i);
        }
        return fds;
    }

    @Override
    public void close() {
        memory.freeMemory(header);
    }
}
