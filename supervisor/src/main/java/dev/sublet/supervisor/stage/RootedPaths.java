package dev.sublet.supervisor.stage;

import dev.sublet.supervisor.sys.Linux;
import dev.sublet.supervisor.sys.SysException;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths inside a container root, resolved by the kernel with that root as "/" (openat2
 * RESOLVE_IN_ROOT): a symlink or {@code ..} in the rootfs can never make sublet mount over, create
 * or read something outside it. Results are O_PATH fds; mount onto {@link #procPath} of one.
 */
public final class RootedPaths {

    private final int rootFd;

    public RootedPaths(int rootFd) {
        this.rootFd = rootFd;
    }

    /** The O_PATH fd of an existing path, or -1 if it (or its symlink's target) does not exist. */
    public int openExisting(String path) {
        try {
            return Linux.openInRoot(rootFd, relative(path));
        } catch (SysException e) {
            if (e.errno() == Linux.ENOENT) {
                return -1;
            }
            throw e;
        }
    }

    /**
     * Opens {@code path}, first creating what is missing: directories on the way and, for the last
     * component, a directory or (if {@code directory} is false) an empty file to mount a file onto.
     */
    public int openOrCreate(String path, boolean directory) {
        List<String> components = components(path);
        int fd = openExisting(path);
        if (fd >= 0) {
            return fd;
        }
        for (int i = 0; i < components.size(); i++) {
            String prefix = String.join("/", components.subList(0, i + 1));
            int existing = openExisting(prefix);
            if (existing >= 0) {
                Linux.close(existing);
                continue;
            }
            int parent = Linux.openInRoot(rootFd, i == 0 ? "." : String.join("/", components.subList(0, i)));
            try {
                create(parent, components.get(i), directory || i < components.size() - 1, path);
            } finally {
                Linux.close(parent);
            }
        }
        return Linux.openInRoot(rootFd, relative(path));
    }

    public static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }

    private static void create(int parent, String name, boolean directory, String path) {
        try {
            if (directory) {
                Linux.mkdirat(parent, name, 0755);
            } else {
                Linux.close(Linux.openat(parent, name, Linux.O_CREAT | Linux.O_EXCL | Linux.O_WRONLY | Linux.O_NOFOLLOW, 0644));
            }
        } catch (SysException e) {
            if (e.errno() == Linux.EEXIST) {
                throw new StageFailure("cannot create mount point " + path + " in the container: '" + name
                        + "' is a symlink whose target does not exist");
            }
            throw new StageFailure("cannot create mount point " + path + " in the container: " + e.getMessage());
        }
    }

    private static String relative(String path) {
        String stripped = path.replaceFirst("^/+", "");
        return stripped.isEmpty() ? "." : stripped;
    }

    private static List<String> components(String path) {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        return components;
    }
}
