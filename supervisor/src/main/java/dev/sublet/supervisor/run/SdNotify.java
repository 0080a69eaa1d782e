package dev.sublet.supervisor.run;

import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.nio.charset.StandardCharsets;

/**
 * sd_notify(3) without libsystemd: one datagram per message to $NOTIFY_SOCKET (a path or an
 * '@'-prefixed abstract name). Without the variable (not started by systemd) it does nothing.
 */
final class SdNotify implements AutoCloseable {

    private final String socketName;
    private int fd = -1;

    SdNotify(String socketName) {
        this.socketName = socketName == null || socketName.isEmpty() ? null : socketName;
    }

    static SdNotify fromEnvironment() {
        return new SdNotify(System.getenv("NOTIFY_SOCKET"));
    }

    /** Sends newline-separated assignments such as {@code READY=1}; failures are reported, not fatal. */
    synchronized void send(String... assignments) {
        if (socketName == null) {
            return;
        }
        try {
            if (fd < 0) {
                fd = Linux.unixDatagramSocket();
            }
            Linux.sendTo(fd, String.join("\n", assignments).getBytes(StandardCharsets.UTF_8), socketName);
        } catch (SysException e) {
            System.err.println("sublet: cannot notify systemd: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Linux.close(fd);
            fd = -1;
        }
    }
}
