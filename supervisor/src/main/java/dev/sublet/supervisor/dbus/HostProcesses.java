package dev.sublet.supervisor.dbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the host's /proc. Processes come and go while it reads, so a process that vanishes midway
 * is simply left out rather than reported as an error.
 */
final class HostProcesses {

    /** What Top needs of one process; ids are the effective ones, as ps(1) shows them. */
    record Status(long hostPid, long hostParentPid, long namespacePid, long uid, long gid, String comm, String args) {
    }

    private final Path procRoot;

    HostProcesses(Path procRoot) {
        this.procRoot = procRoot;
    }

    static HostProcesses live() {
        return new HostProcesses(Path.of("/proc"));
    }

    Path procRoot() {
        return procRoot;
    }

    /**
     * {@code rootPid} and all its descendants, parents before children, or nothing when
     * {@code rootPid} does not exist. Every process of a container descends from its PID 1: orphans
     * inside a pid namespace are re-parented to it.
     */
    List<Long> treeOf(long rootPid) {
        if (rootPid <= 0 || !Files.isDirectory(procRoot.resolve(Long.toString(rootPid)))) {
            return List.of();
        }
        Map<Long, TreeSet<Long>> children = childrenByParent();
        List<Long> tree = new ArrayList<>();
        Deque<Long> pending = new ArrayDeque<>(List.of(rootPid));
        Set<Long> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            long pid = pending.removeFirst();
            // Parents are read one by one while pids get reused, so guard against a loop.
            if (seen.add(pid)) {
                tree.add(pid);
                pending.addAll(children.getOrDefault(pid, new TreeSet<>()));
            }
        }
        return tree;
    }

    Optional<Status> status(long pid) {
        Path dir = procRoot.resolve(Long.toString(pid));
        try {
            Map<String, String> fields = new HashMap<>();
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
            String comm = fields.getOrDefault("Name", "?");
            String[] nsPids = fields.getOrDefault("NSpid", Long.toString(pid)).split("\\s+");
            return Optional.of(new Status(pid,
                    Long.parseLong(fields.getOrDefault("PPid", "0")),
                    // The last NSpid entry is the pid in the innermost namespace: the container's.
                    Long.parseLong(nsPids[nsPids.length - 1]),
                    effectiveId(fields.get("Uid")),
                    effectiveId(fields.get("Gid")),
                    comm,
                    arguments(dir, comm)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Map<Long, TreeSet<Long>> childrenByParent() {
        Map<Long, TreeSet<Long>> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot, HostProcesses::isPidDirectory)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                parentOf(entry).ifPresent(parent -> children.computeIfAbsent(parent, p -> new TreeSet<>()).add(pid));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + procRoot + ": " + e.getMessage(), e);
        }
        return children;
    }

    private static boolean isPidDirectory(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    /** The 4th field of /proc/PID/stat; the command name before it may contain spaces and ')'. */
    private static Optional<Long> parentOf(Path pidDirectory) {
        try {
            String stat = Files.readString(pidDirectory.resolve("stat"), StandardCharsets.UTF_8);
            String[] afterComm = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(afterComm[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Status lines read "Uid: real effective saved fs". */
    private static long effectiveId(String line) {
        return Long.parseLong(line.split("\\s+")[1]);
    }

    /** The argument vector joined by spaces, or the command name in brackets for zombies, as ps shows them. */
    private static String arguments(Path dir, String comm) throws IOException {
        byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
        int length = cmdline.length;
        while (length > 0 && cmdline[length - 1] == 0) {
            length--;
        }
        if (length == 0) {
            return "[" + comm + "]";
        }
        return new String(cmdline, 0, length, StandardCharsets.UTF_8).replace('\0', ' ');
    }
}
