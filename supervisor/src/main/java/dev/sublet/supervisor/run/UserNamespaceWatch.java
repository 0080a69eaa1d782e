package dev.sublet.supervisor.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices when the spawned {@code unshare} has made the container's user namespace, so its maps can
 * be written while the stage JVM is still starting (about a tenth of a second) instead of after it.
 * unshare keeps the PID setpriv was spawned with, and the stage it forks shares its user namespace.
 */
final class UserNamespaceWatch {

    /** unshare needs a few milliseconds; past this the maps are written after the stage reports. */
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(250);

    private UserNamespaceWatch() {
    }

    /**
     * Waits until process {@code pid} is in a user namespace other than ours; false if it ended (or
     * became a zombie) first, or took longer than the patience allows.
     */
    static boolean awaitNew(long pid) {
        String own = userNamespace("self");
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        do {
            String current = userNamespace(Long.toString(pid));
            if (current == null || own == null) {
                return false;
            }
            if (!current.equals(own)) {
                return true;
            }
            if (ended(stat)) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static String userNamespace(String process) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", process, "ns", "user")).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** A zombie keeps its namespace links: its state in /proc/PID/stat tells (Z, or X while reaped). */
    static boolean ended(Path stat) {
        try {
            String line = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
            int end = line.lastIndexOf(')');
            char state = end >= 0 && end + 2 < line.length() ? line.charAt(end + 2) : 'X';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }
}
